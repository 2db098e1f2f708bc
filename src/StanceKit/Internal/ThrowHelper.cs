using System.Diagnostics.CodeAnalysis;

namespace StanceKit;

/// <summary>Throws kept out of line so hot methods stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowProbabilitiesTooShort() => throw new ArgumentException("The probabilities span must hold at least three floats.", "probabilities");

    [DoesNotReturn]
    public static void ThrowDestinationTooShort(string name) => throw new ArgumentException("The destination span is too short.", name);
}
