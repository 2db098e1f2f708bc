namespace StanceKit;

/// <summary>
/// A model file or stream is not a usable StanceKit model: truncated, corrupt, of another format version or
/// featurizer, or not a model of the expected kind at all. Thrown by every model loader (the stance model
/// <c>.skm</c>, the dependency parser model and the entity tagger model); the message names the file or
/// embedded resource when there is one, says what is wrong and what to do. Nothing is half-loaded.
/// </summary>
public sealed class InvalidModelException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong and what to do.</summary>
    public InvalidModelException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner exception.</summary>
    public InvalidModelException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception for a model read from a file or embedded resource.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="modelSource">The file path or embedded resource name the model was read from.</param>
    /// <param name="inner">The error of the underlying reader, if any.</param>
    public InvalidModelException(string message, string? modelSource, Exception? inner) : base(message, inner) => ModelSource = modelSource;

    /// <summary>The file path or embedded resource name the model was read from; null for a caller's stream.</summary>
    public string? ModelSource { get; }

    /// <summary>The same error for a model read from <paramref name="source"/>, whose name leads the message.</summary>
    internal static InvalidModelException ForSource(string source, string message, Exception inner) =>
        new($"{source}: {message}", source, inner);

    /// <summary>A model reader's <see cref="InvalidDataException"/> as the public error: named after
    /// <paramref name="source"/> when the model came from a file or resource, unchanged for a caller's stream.</summary>
    internal static InvalidModelException FromReader(string? source, InvalidDataException error) =>
        source is null ? new InvalidModelException(error.Message, error) : ForSource(source, error.Message, error);
}
