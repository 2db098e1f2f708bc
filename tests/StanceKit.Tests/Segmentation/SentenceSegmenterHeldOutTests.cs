using static StanceKit.Tests.Segmentation.SegmentationAssert;

namespace StanceKit.Tests.Segmentation;

/// <summary>
/// A held-out check of the hard news cases of issue 15 (abbreviations that end a sentence or continue a name, sentences
/// that open with a lower-case brand name, a question inside a dash aside, a line holding only a link). The cases were
/// written before the rules for them were tuned and are never used to choose a rule: the table tests in
/// <see cref="SentenceSegmenterCaseTests"/> are the ones written for tuning. The score is the share of texts segmented
/// exactly; it was 35/60 (0.583) with the rules before issue 15 and is 59/60 (0.983) after them.
/// </summary>
public class SentenceSegmenterHeldOutTests
{
    private static (string Text, string[] Expected) H(string text, params string[] expected) => (text, expected);

    public static readonly (string Text, string[] Expected)[] Cases =
    [
        // An initialism ending a sentence before a capitalised word that is not a typical opener.
        H("The aid package was approved in the U.S. Kyiv welcomed the decision on Thursday.", "The aid package was approved in the U.S.", "Kyiv welcomed the decision on Thursday."),
        H("Inflation cooled in the U.S. Markets in Asia rose on the news.", "Inflation cooled in the U.S.", "Markets in Asia rose on the news."),
        H("The tariffs were announced by the U.S. China said it would respond.", "The tariffs were announced by the U.S.", "China said it would respond."),
        H("Talks resumed in the U.K. Ministers said a deal was close.", "Talks resumed in the U.K.", "Ministers said a deal was close."),
        H("The ban applies across the E.U. Exporters have six months to adapt.", "The ban applies across the E.U.", "Exporters have six months to adapt."),
        H("He was born in the U.S. Friends say he rarely talks about it.", "He was born in the U.S.", "Friends say he rarely talks about it."),
        H("The vote was held at the U.N. Russia abstained.", "The vote was held at the U.N.", "Russia abstained."),
        H("She moved to Washington, D.C. Two years later she ran for office.", "She moved to Washington, D.C.", "Two years later she ran for office."),
        H("Shipments were halted to the U.S. Monday's data showed a sharp drop.", "Shipments were halted to the U.S.", "Monday's data showed a sharp drop."),
        H("The embassy reopened in the U.K. \"We are back,\" the ambassador said.", "The embassy reopened in the U.K.", "\"We are back,\" the ambassador said."),
        // The same initialisms continuing a name.
        H("The U.S. President arrived in Warsaw on Friday.", "The U.S. President arrived in Warsaw on Friday."),
        H("Officials in the U.S. Treasury declined to comment.", "Officials in the U.S. Treasury declined to comment."),
        H("A U.K. government spokesman confirmed the talks.", "A U.K. government spokesman confirmed the talks."),
        H("He met U.S. officials in Doha and left the next day.", "He met U.S. officials in Doha and left the next day."),
        H("The E.U. Commission proposed new rules on Wednesday.", "The E.U. Commission proposed new rules on Wednesday."),
        H("The U.S. Army said two soldiers were wounded.", "The U.S. Army said two soldiers were wounded."),
        H("Aid flows through the U.N. Security Council's sanctions committee.", "Aid flows through the U.N. Security Council's sanctions committee."),
        H("She briefed U.S. Senate staff on the findings.", "She briefed U.S. Senate staff on the findings."),
        // Jr., Sr., etc., Inc.
        H("The award went to Robert Vance Jr. He accepted it in person.", "The award went to Robert Vance Jr.", "He accepted it in person."),
        H("The statement was signed by Carlos Mendez Jr. Police later questioned him.", "The statement was signed by Carlos Mendez Jr.", "Police later questioned him."),
        H("Samuel Ortiz Jr. and his brother founded the firm.", "Samuel Ortiz Jr. and his brother founded the firm."),
        H("David Reyes Sr. told reporters the land was his.", "David Reyes Sr. told reporters the land was his."),
        H("Protesters carried flags, banners, drums, etc. Police watched from a distance.", "Protesters carried flags, banners, drums, etc.", "Police watched from a distance."),
        H("The warehouse held rice, flour, oil, etc. Most of it was lost in the fire.", "The warehouse held rice, flour, oil, etc.", "Most of it was lost in the fire."),
        H("They discussed tariffs, visas, etc. Neither side gave ground.", "They discussed tariffs, visas, etc.", "Neither side gave ground."),
        H("The contract went to Norden Shipping Inc. Analysts called it a surprise.", "The contract went to Norden Shipping Inc.", "Analysts called it a surprise."),
        // St. as a street and as a saint.
        H("The protest began on Elm St. Hundreds joined within an hour.", "The protest began on Elm St.", "Hundreds joined within an hour."),
        H("The shop is at 14 Bridge St. Its owner fled in March.", "The shop is at 14 Bridge St.", "Its owner fled in March."),
        H("The march ended on Market St. Organisers said it was peaceful.", "The march ended on Market St.", "Organisers said it was peaceful."),
        H("The delegation flew to St. Petersburg for the forum.", "The delegation flew to St. Petersburg for the forum."),
        H("Mass was held at St. Mary's Cathedral on Sunday.", "Mass was held at St. Mary's Cathedral on Sunday."),
        H("The ferry sails from St. Helier twice a day.", "The ferry sails from St. Helier twice a day."),
        // Lower-case brand names opening a sentence.
        H("Apple cut prices in China. iPhone sales rose by a fifth.", "Apple cut prices in China.", "iPhone sales rose by a fifth."),
        H("The auction site was fined in Brussels. eBay said it would appeal.", "The auction site was fined in Brussels.", "eBay said it would appeal."),
        H("The update fixed the flaw. iOS users were told to install it at once.", "The update fixed the flaw.", "iOS users were told to install it at once."),
        H("Tablets were handed out to pupils. iPad deliveries began in May.", "Tablets were handed out to pupils.", "iPad deliveries began in May."),
        H("She sold the company in 2019. eToro later hired her as an adviser.", "She sold the company in 2019.", "eToro later hired her as an adviser."),
        H("He sells old phones on eBay. iPhone parts fetch the best prices.", "He sells old phones on eBay.", "iPhone parts fetch the best prices."),
        H("Sales of the new iPhone rose in China.", "Sales of the new iPhone rose in China."),
        // A question or exclamation inside a dash aside.
        H("The decision — was it a mistake? — divided the cabinet.", "The decision — was it a mistake? — divided the cabinet."),
        H("His answer — who could blame him? — was to resign.", "His answer — who could blame him? — was to resign."),
        H("The last offer — and what an offer! — came on Friday.", "The last offer — and what an offer! — came on Friday."),
        H("The second vote – would it pass? – was held at midnight.", "The second vote – would it pass? – was held at midnight."),
        H("Was it a mistake? The minister would not say.", "Was it a mistake?", "The minister would not say."),
        H("Who benefits — and at what cost? Nobody in the ministry would say.", "Who benefits — and at what cost?", "Nobody in the ministry would say."),
        // A line holding only a link.
        H("https://example.org/reports/2024/annual-review\nThe report was published on Monday.", "https://example.org/reports/2024/annual-review", "The report was published on Monday."),
        H("Read the full statement below.\nhttps://example.gov/press/statement-114\nMinisters will meet again in June.",
            "Read the full statement below.", "https://example.gov/press/statement-114", "Ministers will meet again in June."),
        H("www.example.com/live-updates/ukraine-war-day-812\nRussian drones struck Odesa overnight.", "www.example.com/live-updates/ukraine-war-day-812", "Russian drones struck Odesa overnight."),
        H("Source: https://example.net/data/election-results-2024.csv\nTurnout was 61 percent.", "Source: https://example.net/data/election-results-2024.csv", "Turnout was 61 percent."),
        H("https://t.example/AbC123xyz\nPutin arrived in Beijing on Tuesday.", "https://t.example/AbC123xyz", "Putin arrived in Beijing on Tuesday."),
        H("The full ruling is at https://example.org/court/ruling-2024-17.pdf and runs to 300 pages.", "The full ruling is at https://example.org/court/ruling-2024-17.pdf and runs to 300 pages."),
        // Mixed controls that must not change.
        H("The U.S. and Britain signed the accord.", "The U.S. and Britain signed the accord."),
        H("Gen. Ahmed Musa visited the front. He said morale was high.", "Gen. Ahmed Musa visited the front.", "He said morale was high."),
        H("Exports to the U.S. rose 4 percent in March.", "Exports to the U.S. rose 4 percent in March."),
        H("The sanctions hit the E.U. But the U.S. was spared.", "The sanctions hit the E.U.", "But the U.S. was spared."),
        H("He worked at Grant & Co. for a decade.", "He worked at Grant & Co. for a decade."),
        H("The meeting is at 10 a.m. Tuesday in Geneva.", "The meeting is at 10 a.m. Tuesday in Geneva."),
        H("She lives on Oak St. near the station.", "She lives on Oak St. near the station."),
        H("The team from the U.K. won the final.", "The team from the U.K. won the final."),
        H("Prices rose in the U.S. They fell in Europe.", "Prices rose in the U.S.", "They fell in Europe."),
    ];

    [Test]
    public void HeldOutScore()
    {
        int right = 0;
        var failures = new List<string>();
        foreach (var (text, expected) in Cases)
        {
            var got = Sentences(text);
            if (got.SequenceEqual(expected)) right++;
            else failures.Add($"{text.Replace("\n", "\\n")}\n    got: {string.Join(" | ", got.Select(s => s.Replace("\n", "\\n")))}");
        }
        double score = (double)right / Cases.Length;
        TestContext.Out.WriteLine($"held-out segmentation cases: {right}/{Cases.Length} ({score:0.000})");
        foreach (var f in failures) TestContext.Out.WriteLine(f);
        Assert.That(score, Is.GreaterThanOrEqualTo(0.95), string.Join("\n", failures));
    }
}
