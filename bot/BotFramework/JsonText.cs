using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// Whether every string and member name of a JSON document is text the bot can read and store: valid UTF-8, no lone
/// UTF-16 surrogate escape ("\ud800"), no NUL. Both are valid JSON syntax; the serializer refuses them in typed
/// members but keeps them inside a <see cref="JsonElement"/> (an invoke's value), whose GetString() then throws, and
/// a database cannot store them faithfully (SQLite turns lone surrogates into U+FFFD, so two different ids collide;
/// PostgreSQL refuses NUL). Checked once per request, so everything after can read strings without a second thought.
/// </summary>
public static class JsonText
{
    public static bool IsReadable(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        char[]? buffer = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
                // Unescaped strings need only UTF-8 validation; escapes must be decoded to see what they make.
                if (!reader.ValueIsEscaped)
                {
                    if (!Utf8.IsValid(reader.ValueSpan)) return false;
                    continue;
                }
                // Decoding never yields more UTF-16 chars than the escaped text has bytes.
                if (buffer is null || buffer.Length < reader.ValueSpan.Length)
                {
                    if (buffer is not null) ArrayPool<char>.Shared.Return(buffer);
                    buffer = ArrayPool<char>.Shared.Rent(reader.ValueSpan.Length);
                }
                int length;
                try { length = reader.CopyString(buffer); }
                catch (InvalidOperationException) { return false; }
                if (buffer.AsSpan(0, length).Contains('\0')) return false;
            }
            return true;
        }
        catch (JsonException) { return false; }
        finally
        {
            if (buffer is not null) ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
