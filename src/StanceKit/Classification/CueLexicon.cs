namespace StanceKit;

/// <summary>
/// Word classes that carry stance independently of topic: attribution, accusation, rebuttal,
/// doubt, human cost, repression, praise, justification and a party's own operations. The
/// featurizer adds the class of each word it knows (and pairs it with the actors of the
/// sentence), so that synonyms never seen in training still point the right way.
/// </summary>
/// <remarks>Lists of English words, written by the StanceKit team; lower case, inflections spelled out.</remarks>
internal static class CueLexicon
{
    public enum Cue : byte { None, Say, Accuse, Rebut, Doubt, Cost, Repression, Praise, Justify, Operation, Negation }

    public static readonly (Cue Cue, string Words)[] Classes =
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
    ];

    private static readonly string[] Tokens = ["", "@say", "@accuse", "@rebut", "@doubt", "@cost", "@repression", "@praise", "@justify", "@operation", "@negation"];

    public static string Token(Cue cue) => Tokens[(int)cue];
}
