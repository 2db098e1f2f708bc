namespace StanceKit.Tests.Entities;

internal static class EntityTestHelpers
{
    /// <summary>The spans of the default extractor as "surface/TYPE" strings, in text order.</summary>
    public static string[] Spans(string text)
    {
        var buffer = new EntitySpan[64];
        int n = EntityExtractor.Default.Extract(text.AsSpan(), buffer);
        return buffer.Take(n).Select(s => $"{s.Span.GetText(text)}/{s.Type.ToWireName()}").ToArray();
    }

    public static string CasesPath => Path.Combine(TestContext.CurrentContext.TestDirectory, "Entities", "entity-cases.jsonl");
}
