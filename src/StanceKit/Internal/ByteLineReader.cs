using System.Buffers;

namespace StanceKit.Internal;

/// <summary>
/// The one JSON Lines line splitter, shared by the corpus reader (<see cref="AnnotatedLine.ReadFile{T}"/>) and the
/// CLI's plain JSON Lines input: a line ends at '\n' and a trailing '\r' is dropped, so line N is the same line for
/// both, and a lone '\r' (which JSON allows only as whitespace) ends no line. Lines are returned as bytes so a caller
/// can decide how to treat invalid UTF-8 per line. The returned memory is valid until the next call.
/// </summary>
internal sealed class ByteLineReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private bool _eof;
    // A growable buffer that owns nothing to dispose (a MemoryStream would make the reader IDisposable).
    private readonly ArrayBufferWriter<byte> _line = new();

    public ReadOnlyMemory<byte>? ReadLine()
    {
        _line.ResetWrittenCount();
        while (true)
        {
            if (_start == _end)
            {
                if (_eof) break;
                _start = 0;
                _end = stream.Read(_buffer, 0, _buffer.Length);
                if (_end == 0) { _eof = true; break; }
            }
            int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (nl >= 0)
            {
                _line.Write(_buffer.AsSpan(_start, nl - _start));
                _start = nl + 1;
                return Trim();
            }
            _line.Write(_buffer.AsSpan(_start, _end - _start));
            _start = _end;
        }
        // The cast matters: a bare null would convert to an empty ReadOnlyMemory through the array conversion.
        return _line.WrittenCount == 0 ? (ReadOnlyMemory<byte>?)null : Trim();
    }

    private ReadOnlyMemory<byte> Trim()
    {
        var line = _line.WrittenMemory;
        return line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
    }
}
