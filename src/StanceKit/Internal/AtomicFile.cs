using System.Text;

namespace StanceKit.Internal;

/// <summary>
/// Writes a file under a temporary name in the same folder, then renames it over the final name, so a crash or a
/// kill mid-write never leaves a half-written model or card under the name readers look for.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var tmp = path + ".tmp";
        try
        {
            using (var stream = File.Create(tmp)) write(stream);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes));

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
}
