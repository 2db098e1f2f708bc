using StanceKit.Tests.Support;

namespace StanceKit.Tests.Entities;

public class EntityAllocationTests
{
    private static readonly string[] s_sentences =
    [
        "Chinese President Xi Jinping met Senior Colonel Xiao Gan in Beijing on Monday.",
        "The Shanghai Cooperation Organization (SCO) said the Iranian Foreign Ministry had been invited.",
        "KYIV, Ukraine \u2014 Pro-Russian forces shelled Kupiansk overnight, Ukraine's Defense Ministry said.",
        "General Abdel-Fattah al-Burhan said the Rapid Support Forces (RSF) had been pushed out of Wad Madani.",
        "Officials like Tanvir Ahmed said the US-led coalition would stay in the Gulf.",
    ];

    [Test]
    public void SpanApiAllocatesNothingAfterWarmUp()
    {
        var extractor = EntityExtractor.Default;
        var buffer = new EntitySpan[64];
        foreach (var s in s_sentences) extractor.Extract(s.AsSpan(), buffer);
        foreach (var s in s_sentences) extractor.Extract(s.AsSpan(), buffer);

        int total = 0;
        long allocated = Allocations.InSteadyState(() =>
        {
            total = 0;
            for (int round = 0; round < 100; round++)
            {
                foreach (var s in s_sentences) total += extractor.Extract(s.AsSpan(), buffer);
            }
        });

        Assert.That(total, Is.GreaterThan(100 * s_sentences.Length));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void ExtractorHasTheEmbeddedTagger()
    {
        Assert.That(EntityExtractor.Default.HasTagger, Is.True);
    }
}
