namespace StanceKit.Cli;

/// <summary>The documented exit codes of <c>stancekit</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int Usage = 2;
    public const int BadModel = 3;
    public const int OutputClosed = 4;
    public const int Cancelled = 130;

    public const string Help = """
        Exit codes:
          0    success
          1    malformed input (the message names the file and line); lines already written stay valid
          2    bad arguments (usage is printed), or an input file or folder that does not exist (one line)
          3    the model file is missing, corrupt or of another version
          4    the output was closed (e.g. a broken pipe) or could not be written
          130  cancelled (Ctrl-C); lines already written stay valid; a cancelled training run writes no model
        """;
}
