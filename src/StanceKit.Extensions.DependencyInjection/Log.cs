using Microsoft.Extensions.Logging;

namespace StanceKit.Extensions.DependencyInjection;

/// <summary>
/// StanceKit's log messages, source-generated. They are written when the analyzer is created (once per
/// container), never while analysing.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "LoadingModel", Level = LogLevel.Debug, Message = "Loading the StanceKit model from {Source}")]
    public static partial void LoadingModel(ILogger logger, string source);

    [LoggerMessage(EventId = 2, EventName = "ModelLoaded", Level = LogLevel.Information,
        Message = "StanceKit model {ModelName} version {ModelVersion} loaded from {Source} in {ElapsedMilliseconds:F0} ms; target {Target}, maximum sentence length {MaxSentenceLength}")]
    public static partial void ModelLoaded(ILogger logger, string modelName, string modelVersion, string source, double elapsedMilliseconds, string target, int maxSentenceLength);

    [LoggerMessage(EventId = 3, EventName = "ModelLoadFailed", Level = LogLevel.Error, Message = "Could not load the StanceKit model from {Source}")]
    public static partial void ModelLoadFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 4, EventName = "UnknownTarget", Level = LogLevel.Warning,
        Message = "The StanceKit target {Target} is not in the gazetteer; stances are read relative to it as written")]
    public static partial void UnknownTarget(ILogger logger, string target);
}
