namespace StanceKit.Tests.Core;

public class TextSpanTests
{
    [Test]
    public void FromBoundsGivesStartLengthAndEnd()
    {
        var s = TextSpan.FromBounds(3, 10);
        Assert.That((s.Start, s.Length, s.End), Is.EqualTo((3, 7, 10)));
    }

    [Test]
    public void SliceAndGetTextAgree()
    {
        const string text = "Hello, world.";
        var s = new TextSpan(7, 5);
        Assert.That(s.GetText(text), Is.EqualTo("world"));
        Assert.That(s.Slice(text).ToString(), Is.EqualTo("world"));
    }

    [TestCase("neutral", Stance.Neutral)]
    [TestCase("state-framing", Stance.StateFraming)]
    [TestCase("critical", Stance.Critical)]
    public void StanceWireNamesRoundTrip(string wire, Stance stance)
    {
        Assert.That(StanceNames.Parse(wire), Is.EqualTo(stance));
        Assert.That(stance.ToWireName(), Is.EqualTo(wire));
    }

    [Test]
    public void UnknownStanceNameIsAFormatError()
    {
        Assert.Throws<FormatException>(() => StanceNames.Parse("positive"));
    }
}
