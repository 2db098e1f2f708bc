namespace StanceKit;

/// <summary>Options of <see cref="HtmlReport"/>.</summary>
public sealed class HtmlReportOptions
{
    /// <summary>The default number of rows of a per-state table.</summary>
    public const int DefaultMaxActors = 20;

    /// <summary>The page title; null gives "Stance report" followed by the document name, if any.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// Rows of each per-state table: the states named in most sentences come first, and a note says
    /// how many more there are (the JSON output of the CLI lists every entity). Default <see cref="DefaultMaxActors"/>.
    /// </summary>
    public int MaxActors { get; init; } = DefaultMaxActors;

    /// <summary>Whether entity mentions are marked in the text (type badge, one colour per type). Default true.</summary>
    public bool ShowEntities { get; init; } = true;

    /// <summary>
    /// Whether each document's section starts expanded. Null (the default): expanded when the report has one
    /// document, collapsed when it has several (each section opens with a click or the keyboard).
    /// </summary>
    public bool? ExpandDocuments { get; init; }

    internal static HtmlReportOptions Default { get; } = new();
}
