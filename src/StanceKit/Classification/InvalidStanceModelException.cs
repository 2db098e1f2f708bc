namespace StanceKit;

/// <summary>
/// A model file is not a usable StanceKit model: truncated, corrupt, of another format
/// version or featurizer, or not a StanceKit model at all. Nothing is half-loaded.
/// </summary>
public sealed class InvalidStanceModelException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong and what to do.</summary>
    public InvalidStanceModelException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner exception.</summary>
    public InvalidStanceModelException(string message, Exception inner) : base(message, inner) { }
}
