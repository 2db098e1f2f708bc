namespace StanceKit;

/// <summary>
/// Word classes that carry stance independently of topic: attribution, accusation, rebuttal,
/// doubt, human cost, repression, praise, justification and a party's own operations. The
/// featurizer adds the class of each word it knows (and pairs it with the actors of the
/// sentence), so that synonyms never seen in training still point the right way.
/// </summary>
/// <remarks>
/// Lists of English words, written by the StanceKit team; lower case, inflections spelled out. One instance per
/// language (<see cref="English"/>), held by <see cref="LanguageData"/>; the cue classes and their feature tokens are
/// the same in every language.
/// </remarks>
internal sealed class CueLexicon
{
    /// <summary>The English cue words and phrases.</summary>
    public static CueLexicon English { get; } = new();

    public enum Cue : byte
    {
        None, Say, Accuse, Rebut, Doubt, Cost, Repression, Praise, Justify, Operation, Negation,
        // v2 only (FeatureRecipe.ExtendedCues): appended so that the v1 tokens and table stay as they were.
        Evaluative, Descriptor, StateOps, OfficialAct,
    }

    /// <summary>The classes of featurizer v1; a v1 model sees exactly these words.</summary>
    public const int V1ClassCount = 10;

    public readonly (Cue Cue, string Words)[] Classes =
    [
        (Cue.Say, "said says say saying told tells tell stated announced announces declared declares added adds according noted notes insisted insists stressed stresses emphasised emphasized emphasises emphasizes asserted asserts reiterated reiterates affirmed affirms underlined remarked statement spokesman spokeswoman spokesperson briefing"),
        (Cue.Accuse, "accused accuses accuse accusing accusation accusations condemned condemns condemn condemning condemnation criticised criticized criticises criticizes criticise criticize criticising criticizing criticism criticisms critic critics denounced denounces denounce denouncing slammed slams blasted blasts decried decries deplored deplores censured rebuked rebuke blamed blames blame blaming faulted charged alleging lambasted assailed protested urged demanded warned"),
        (Cue.Rebut, "denied denies deny denying denial rejected rejects reject rejecting rejection dismissed dismisses dismissing refuted refutes rebuffed baseless groundless unfounded fabricated fabrication fabrications smear smears slander slanderous lies lie falsehoods distortion distortions malicious hype hyping politicising politicizing interference meddling"),
        (Cue.Doubt, "allegedly alleged purported purportedly so-called claimed claims claim claiming unverified unproven unsubstantiated verify verified independently skepticism scepticism skeptical sceptical skeptics sceptics doubts doubt doubted doubtful questioned questioning questions disputed disputes contested dubious contradicts contradicted contradicting inconsistent misleading exaggerated implausible"),
        (Cue.Cost, "killed killing killings dead deaths death died die dying wounded injured injuries casualties civilians civilian displaced refugees missing starvation starving famine hunger malnutrition tortured torture executed execution executions massacre massacres bombardment shelling rubble hospital hospitals children women bodies mourners graves victims survivors destroyed destruction homeless orphaned"),
        (Cue.Repression, "crackdown crackdowns repression repressive persecution persecuted persecute censorship censored censor authoritarian violations violation violated violating abuses abuse abusive rigged fraud corruption corrupt intimidation intimidated harassment harassed arbitrary arbitrarily imprisoned imprisonment jailed jailing abducted abduction disappeared disappearances detention detentions detainees detained arrested arrests surveillance banned outlawed silenced dissidents dissent forcibly forced illegal unlawful impunity atrocities atrocity genocide"),
        (Cue.Praise, "hailed hails hail praised praises praise lauded lauds welcomed welcomes commended commends celebrated celebrates historic landmark successful success successes achievement achievements milestone milestones visionary wise wisdom leadership prosperity prosperous win-win remarkable tremendous great glorious heroic heroes thriving flourishing boost boosted strengthened progress"),
        (Cue.Justify, "safeguard safeguarding safeguards defend defending defended defensive defence defense protect protecting protected protection sovereignty stability stabilise stabilize security necessary legitimate lawful self-defense self-defence counterterrorism counter-terrorism terrorists terrorist extremists extremist militants militant bandits insurgents provocation provocations provocative hostile separatists separatist saboteurs mercenaries restore restored order peace peaceful"),
        (Cue.Operation, "liberated liberate liberation neutralised neutralized neutralise neutralize eliminated eliminate struck strike strikes targeted precision sorties intercepted downed repelled repulsed captured seized advanced"),
        (Cue.Negation, "not no never nothing neither nor without n't cannot"),
        // v2 (listed before the v1 classes when ExtendedCues is on, so a word here takes this class: "announced" is a
        // plain official act in v2, an attribution in v1). Hyphenated forms are phrases below: the tokenizer splits hyphens.
        // Words third parties criticise with, which v1 lacked (issue 12, "whose voice" errors).
        (Cue.Evaluative, "unacceptable alarming alarmed disproportionate cruel cruelty absurd controversial concerned concern concerns concerning deplorable reckless recklessness troubling troubled outrageous outrage outraged appalling appalled shocking shocked horrific horrified disturbing dismayed dismay regrettable irresponsible unjustified unjustifiable inhumane brutal brutality draconian excessive indiscriminate illegitimate unconstitutional undemocratic damning grave worrying worried disappointing disappointed egregious flagrant blatant callous shameful disgraceful"),
        // The reporter's own delegitimising words (guide N2).
        (Cue.Descriptor, "flawed sham strongman autocrat autocratic autocrats dictator dictatorship regime junta unelected handpicked loyalist loyalists mouthpiece propaganda crony cronies kleptocracy"),
        // State-media operations vocabulary (guide rule 9, N3) not already an own-operations cue of v1.
        (Cue.StateOps, "thwarted thwart foiled annihilated nationalists neo-nazis nazis mopping combing infiltrators"),
        // Plain official acts (guide N1): neutral unless a justification is added.
        (Cue.OfficialAct, "announced scheduled schedule signed decree decreed ratified ratify appointed appoint approved enacted promulgated published convened convene adjourned nominated issued tabled gazetted effective"),
    ];

    /// <summary>Multi-word v2 cues, matched on the unit stream (a hyphen is its own unit: "so - called").</summary>
    public readonly (Cue Cue, string Phrase)[] Phrases =
    [
        (Cue.Descriptor, "loyal to"), (Cue.Descriptor, "controlled by"), (Cue.Descriptor, "deeply flawed"), (Cue.Descriptor, "rammed through"),
        (Cue.Descriptor, "pushed through"), (Cue.Descriptor, "widely criticised"), (Cue.Descriptor, "widely criticized"),
        (Cue.Descriptor, "so - called"), (Cue.Descriptor, "self - declared"), (Cue.Descriptor, "self - proclaimed"), (Cue.Descriptor, "rubber - stamp"),
        (Cue.Descriptor, "hand - picked"), (Cue.Descriptor, "without a vote"), (Cue.Descriptor, "without debate"), (Cue.Descriptor, "tightened his grip"),
        (Cue.Descriptor, "tightened its grip"), (Cue.Descriptor, "state - controlled"), (Cue.Descriptor, "government - controlled"),
        (Cue.Descriptor, "tightly controlled"), (Cue.Descriptor, "heavy - handed"), (Cue.Descriptor, "widely condemned"),
        (Cue.StateOps, "clean - up"), (Cue.StateOps, "mop - up"), (Cue.StateOps, "special military operation"), (Cue.StateOps, "counter - terrorism operation"),
        (Cue.StateOps, "neo - nazis"), (Cue.StateOps, "combing operations"),
        (Cue.OfficialAct, "will take effect"), (Cue.OfficialAct, "takes effect"), (Cue.OfficialAct, "took effect"), (Cue.OfficialAct, "comes into force"),
        (Cue.OfficialAct, "came into force"), (Cue.OfficialAct, "enter into force"), (Cue.OfficialAct, "is scheduled"),
        (Cue.Evaluative, "deeply concerned"), (Cue.Evaluative, "gravely concerned"), (Cue.Evaluative, "serious concern"), (Cue.Evaluative, "grave concern"),
        (Cue.Evaluative, "went too far"), (Cue.Evaluative, "step too far"),
    ];

    private static readonly string[] s_tokens = ["", "@say", "@accuse", "@rebut", "@doubt", "@cost", "@repression", "@praise", "@justify", "@operation", "@negation", "@evaluative", "@descriptor", "@stateops", "@officialact"];

    public static string Token(Cue cue) => s_tokens[(int)cue];
}
