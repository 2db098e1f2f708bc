using StanceKit.Internal;

namespace StanceKit.Tests.Robustness;

/// <summary>Models and cards are written through a temporary file and a rename: a failed write leaves the old file whole.</summary>
[TestFixture]
public class AtomicFileTests
{
    [Test]
    public void AWriteThatFailsMidwayLeavesTheOldFileAndNoTemporaryFile()
    {
        var dir = Directory.CreateTempSubdirectory("stancekit-atomic");
        try
        {
            var path = Path.Combine(dir.FullName, "card.md");
            AtomicFile.WriteAllText(path, "first version");
            Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
            {
                s.Write("half a second ver"u8);
                throw new IOException("disk full (simulated)");
            }));
            Assert.That(File.ReadAllText(path), Is.EqualTo("first version"));
            Assert.That(Directory.GetFiles(dir.FullName), Is.EqualTo(new[] { path }));
            AtomicFile.WriteAllText(path, "second version");
            Assert.That(File.ReadAllText(path), Is.EqualTo("second version"));
        }
        finally { dir.Delete(true); }
    }
}
