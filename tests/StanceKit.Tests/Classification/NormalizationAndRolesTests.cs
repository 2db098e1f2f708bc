using StanceKit.Internal;
using StanceKit.Tests.Support;

namespace StanceKit.Tests.Classification;

/// <summary>Surface normalisation, date classes, role-aware actor classes and target resolution (issue 12).</summary>
public class NormalizationAndRolesTests
{
    private static readonly FeatureRecipe s_allOn = new() { FoldSpelling = true, DateClasses = true, ActorRoles = true };

    private static (int[] Indices, float[] Values) Features(StanceFeaturizer f, string text, string? target)
    {
        var scratch = StanceFeaturizer.GetScratch();
        int d = f.Featurize(text, target, scratch, out _);
        return (scratch.Indices[..d], scratch.Values[..d]);
    }

    private static List<string> Trace(FeatureRecipe settings, string text, string? target)
    {
        var f = new StanceFeaturizer(settings, Gazetteer.Default);
        var trace = new List<(int Bucket, string Feature)>();
        f.Featurize(text, target, StanceFeaturizer.GetScratch(), out _, trace);
        // Unigram actor and cue features: "@tgt_voice(Joe Biden)", "@say" (pairs and n-grams have a space outside the parentheses).
        return trace.Select(t => t.Feature).Where(x => x.StartsWith('@') && !x[..(x.IndexOf('(') is >= 0 and var p ? p : x.Length)].Contains(' ', StringComparison.Ordinal)).ToList();
    }

    [TestCase("Beijing\u2019s foreign ministry rejected the report.", "Beijing's foreign ministry rejected the report.")]
    [TestCase("Beijing\u2018s foreign ministry rejected the report.", "Beijing's foreign ministry rejected the report.")]
    [TestCase("Beijing\u02BCs foreign ministry rejected the report.", "Beijing's foreign ministry rejected the report.")]
    [TestCase("The defense minister criticized the labor law.", "The defence minister criticised the labour law.")]
    [TestCase("Troops traveled to the center and canceled the maneuvers.", "Troops travelled to the centre and cancelled the manoeuvres.")]
    [TestCase("The organization analyzed the program and its favorite judgment.", "The organisation analysed the programme and its favourite judgement.")]
    [TestCase("He said \u201Cno\u201D \u2014 and left.", "He said \"no\" - and left.")]
    public void FoldedVariantsGiveIdenticalFeatures(string a, string b)
    {
        var on = new StanceFeaturizer(s_allOn, Gazetteer.Default);
        Assert.That(Features(on, a, "China"), Is.EqualTo(Features(on, b, "China")));
    }

    [Test]
    public void WithoutTheSwitchUsSpellingStaysDistinct()
    {
        var off = new StanceFeaturizer(new FeatureRecipe(), Gazetteer.Default);
        Assert.That(Features(off, "The defense minister criticized the law.", "China"), Is.Not.EqualTo(Features(off, "The defence minister criticised the law.", "China")));
    }

    [TestCase("size", "size")]
    [TestCase("prizes", "prizes")]
    [TestCase("seized", "seized")]
    [TestCase("capsized", "capsized")]
    [TestCase("citizen", "citizen")]
    [TestCase("laboratory", "laboratory")]
    [TestCase("honorary", "honorary")]
    [TestCase("vigorous", "vigorous")]
    [TestCase("travelled", "travelled")]
    [TestCase("modeling", "modelling")]
    [TestCase("fueled", "fuelled")]
    [TestCase("labeled", "labelled")]
    [TestCase("neighbors", "neighbours")]
    [TestCase("behavior", "behaviour")]
    [TestCase("honored", "honoured")]
    [TestCase("theater", "theatre")]
    [TestCase("gray", "grey")]
    [TestCase("offense", "offence")]
    [TestCase("license", "licence")]
    [TestCase("paralyzed", "paralysed")]
    [TestCase("recognizes", "recognises")]
    [TestCase("Criticized", "criticised")]
    public void SpellingFoldKeepsUkWordsAndExceptions(string word, string folded)
        => Assert.That(WordNormalizer.Fold(word), Is.EqualTo(folded));

    [Test]
    public void DatesBecomeClassWordsOnlyWithTheSwitch()
    {
        var on = new StanceFeaturizer(s_allOn, Gazetteer.Default);
        var off = new StanceFeaturizer(new FeatureRecipe(), Gazetteer.Default);
        const string a = "Officials said on Monday that the talks would resume in March 2024.";
        const string b = "Officials said on Friday that the talks would resume in October 1999.";
        Assert.That(Features(on, a, null), Is.EqualTo(Features(on, b, null)));
        // A year is no longer any four-digit number, and a lower-case weekday no longer a plain word.
        Assert.That(Features(on, "Police said 2024 people marched.", null), Is.Not.EqualTo(Features(on, "Police said 1500 people marched.", null)));
        Assert.That(Features(off, "Police said 2024 people marched.", null), Is.EqualTo(Features(off, "Police said 1500 people marched.", null)));
        Assert.That(Features(on, "talks resume on monday", null), Is.EqualTo(Features(on, "talks resume on friday", null)));
        Assert.That(Features(off, "talks resume on monday", null), Is.Not.EqualTo(Features(off, "talks resume on friday", null)));
        Assert.That(WordNormalizer.ClassOf("May", sentenceInitial: true), Is.EqualTo(WordNormalizer.DateClass.None));
        Assert.That(WordNormalizer.ClassOf("march", sentenceInitial: false), Is.EqualTo(WordNormalizer.DateClass.None));
        Assert.That(WordNormalizer.ClassOf("1500", sentenceInitial: false), Is.EqualTo(WordNormalizer.DateClass.None));
        Assert.That(WordNormalizer.ClassOf("Tues", sentenceInitial: false), Is.EqualTo(WordNormalizer.DateClass.Weekday));
    }

    [Test]
    public void FeaturizingWithEverySwitchOnAllocatesNothingAfterWarmUp()
    {
        var f = new StanceFeaturizer(s_allOn, Gazetteer.Default);
        const string s = "Former president Joe Biden said on Monday that Iraq\u2019s foreign ministry had criticized RSF, the press freedom group, in March 2024.";
        var scratch = StanceFeaturizer.GetScratch();
        for (int i = 0; i < 10; i++) f.Featurize(s, "Iraq", scratch, out _);
        Assert.That(Allocations.InSteadyState(() =>
        {
            for (int i = 0; i < 500; i++) f.Featurize(s, "Iraq", scratch, out _);
        }), Is.Zero);
    }

    [Test]
    public void NewSwitchesRoundTripThroughTheModelFlags()
    {
        var back = new FeatureRecipe().WithFlags(s_allOn.Flags);
        Assert.That((back.FoldSpelling, back.DateClasses, back.ActorRoles), Is.EqualTo((true, true, true)));
        Assert.That(new FeatureRecipe().WithoutV2().Flags & ~15u, Is.Zero, "v1 settings keep their flags");
        Assert.That(new FeatureRecipe().WithoutV2().Id, Is.EqualTo(FeatureRecipe.V1Id));
        Assert.That(s_allOn.Flags & ~FeatureRecipe.KnownFlags, Is.Zero);
    }

    [TestCase("Bangladesh's foreign ministry said the report was baseless.", "Bangladesh")]
    [TestCase("Eritrea\u2019s government rejected the findings.", "Eritrea")]
    [TestCase("The Iraqi army said the strike hit only militants.", "Iraq")]
    public void LowerCaseStateBodyAfterTheTargetIsTheTargetsVoice(string sentence, string target)
    {
        Assert.That(Trace(s_allOn, sentence, target), Does.Contain("@tgt_voice(document)"));
        Assert.That(StanceClassifier.Default.TryResolveTarget(target, out var canonical) && canonical == target, Is.True);
    }

    [TestCase("UN Secretary-General Antonio Guterres criticised Portugal's new asylum law.", "Portugal", "António Guterres")]
    [TestCase("IAEA chief Rafael Grossi said Iran had not given inspectors access.", "Iran", "Rafael Grossi")]
    [TestCase("Tedros said the Ethiopian government must let aid in.", "Ethiopia", "Tedros Adhanom Ghebreyesus")]
    [TestCase("Ursula von der Leyen said China's export curbs were unacceptable.", "China", "Ursula von der Leyen")]
    public void InternationalOfficialsAreNeverTheTargetsVoice(string sentence, string target, string person)
    {
        var on = Trace(s_allOn, sentence, target);
        Assert.That(on, Does.Contain($"@intl({person})"));
        Assert.That(on, Does.Not.Contain($"@tgt_voice({person})"));
    }

    [Test]
    public void EuOfficialsAreTheVoiceOfTheEuAsTarget()
        => Assert.That(Trace(s_allOn, "Ursula von der Leyen said the bloc would respond.", "European Union"), Does.Contain("@tgt_voice(Ursula von der Leyen)"));

    [TestCase("RSF said three journalists were jailed and ranked the country near the bottom of its press freedom index.", "@ngo(Rapid Support Forces)")]
    [TestCase("RSF fighters shelled Omdurman as the army advanced in Khartoum.", "@armed(Rapid Support Forces)")]
    public void RsfIsReadByContext(string sentence, string expected)
        => Assert.That(Trace(s_allOn, sentence, "Sudan"), Does.Contain(expected));

    [TestCase("Former president Joe Biden said the policy had failed.", "United States", "@tgt_other(Joe Biden)")]
    [TestCase("Ex-president Jair Bolsonaro said the ruling was political.", "Brazil", "@tgt_opposition(Jair Bolsonaro)")]
    [TestCase("Then-President Joe Biden said the troops would leave.", "United States", "@tgt_voice(Joe Biden)")]
    [TestCase("Then-opposition leader Anwar Ibrahim said the election was rigged.", "Malaysia", "@tgt_opposition(Anwar Ibrahim)")]
    [TestCase("Anwar Ibrahim said the economy was growing.", "Malaysia", "@tgt_voice(Anwar Ibrahim)")]
    [TestCase("Sheikh Hasina said the verdict was politically motivated.", "Bangladesh", "@tgt_other(Sheikh Hasina)")]
    [TestCase("Former Pakistani Prime Minister Imran Khan said the trial was a sham.", "Pakistan", "@tgt_opposition(Imran Khan)")]
    public void RolesFollowTheirHistoryAndTimeMarkers(string sentence, string target, string expected)
        => Assert.That(Trace(s_allOn, sentence, target), Does.Contain(expected));

    [Test]
    public void WithoutTheSwitchRolesAreAsTrained()
    {
        var off = Trace(new FeatureRecipe(), "Former president Joe Biden said the policy had failed.", "United States");
        Assert.That(off, Does.Contain("@tgt_voice(Joe Biden)"));
    }

    [Test]
    public void RoleHistoryGivesTheRoleOfAYear()
    {
        var g = Gazetteer.Default;
        Assert.That(g.TryResolveId("Anwar Ibrahim", out int anwar), Is.True);
        Assert.That(g.RoleAt(anwar, 2019), Is.EqualTo(EntityKind.OppositionFigure));
        Assert.That(g.RoleAt(anwar, 2022), Is.EqualTo(EntityKind.HeadOfGovernment), "the later period holds in a shared year");
        Assert.That(g.RoleAt(anwar, null), Is.EqualTo(EntityKind.HeadOfGovernment));
        Assert.That(g.TryResolveId("Joe Biden", out int biden), Is.True);
        Assert.That(g.RoleAt(biden, 2023), Is.EqualTo(EntityKind.HeadOfState));
        Assert.That(g.RoleAt(biden, null), Is.EqualTo(EntityKind.Other), "every period ended: out of office");
        Assert.That(g.TryResolveId("Vladimir Putin", out int putin), Is.True);
        Assert.That(g.RoleAt(putin, 2001), Is.EqualTo(g[putin].Kind), "no history: the kind column");
    }

    [TestCase("head-of-state 2020")]
    [TestCase("president 2020..")]
    [TestCase("head-of-state 2025..2020")]
    public void MalformedRoleHistoryIsAFormatErrorNamingTheLine(string roles)
    {
        var tsv = $"# c\nX Y\tPERSON\thead-of-state\tFrance\t\t{roles}\n";
        var ex = Assert.Throws<FormatException>(() => Gazetteer.Load([("people.tsv", new StringReader(tsv))]));
        Assert.That(ex!.Message, Does.StartWith("people.tsv:2:"));
    }
}
