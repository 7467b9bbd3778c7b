using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace TeamsCoordinator.Storage;

/// <summary>Where a protected value lives: its associated data, so that a value moved to another row or column no longer opens.</summary>
public readonly record struct FieldScope(string Table, string Column, long RowId)
{
    public override string ToString() => $"{Table}.{Column} #{RowId}";
}

/// <summary>A protected value that cannot be opened: wrong or unknown key, or moved from another row or column.</summary>
public sealed class ProtectedDataException(string message) : CryptographicException(message);

/// <summary>
/// Encrypts citizen data at rest with AES-256-GCM. Every value is bound to its place (table, column, row id) as
/// associated data and names the key that sealed it, so a new key can be introduced while older data are still read
/// (rotate-key re-encrypts them). Formats: text <c>v2:&lt;kid&gt;:base64(nonce|tag|cipher)</c>; bytes the same with
/// the raw payload after <c>v2:&lt;kid&gt;:</c>. The first format, <c>v1:base64(...)</c> (no key id, no associated data),
/// is still read and re-encrypted at the first start of this version and by rotate-key.
/// </summary>
public sealed class FieldProtector
{
    private const string V1 = "v1:", V2 = "v2:";
    private const int NonceSize = 12, TagSize = 16, Overhead = NonceSize + TagSize;

    private readonly Key _current;
    private readonly Dictionary<string, Key> _keys = new(StringComparer.Ordinal);

    /// <summary>A single key with id "1" (tests, design time).</summary>
    public FieldProtector(byte[] key) : this("1", key) { }

    public FieldProtector(string currentKeyId, byte[] currentKey, IReadOnlyDictionary<string, byte[]>? previousKeys = null)
    {
        _current = new Key(currentKeyId, currentKey);
        _keys[currentKeyId] = _current;
        foreach (var (id, key) in previousKeys ?? new Dictionary<string, byte[]>())
            if (!_keys.TryAdd(id, new Key(id, key))) throw new ArgumentException($"Protection key id '{id}' is given twice.");
    }

    public string CurrentKeyId => _current.Id;

    /// <summary>A separate key for another purpose (e.g. signing links), derived from the current key so that only one secret is configured.</summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _current.Bytes, 32, info: Encoding.UTF8.GetBytes(purpose));

    public static bool IsKeyId(string id) => id.Length is > 0 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    // ---- text ------------------------------------------------------------------------------------------------

    public string Protect(string plain, in FieldScope scope)
    {
        var key = _current;
        var plainLength = Encoding.UTF8.GetByteCount(plain);
        var buffer = ArrayPool<byte>.Shared.Rent(Overhead + 2 * plainLength);
        try
        {
            var payload = buffer.AsSpan(0, Overhead + plainLength);
            var source = buffer.AsSpan(Overhead + plainLength, plainLength);
            Encoding.UTF8.GetBytes(plain, source);
            Seal(key, source, payload, scope);
            var prefixLength = V2.Length + key.Id.Length + 1;
            return string.Create(prefixLength + ((payload.Length + 2) / 3 * 4), (key.Id, buffer, payload.Length), static (chars, s) =>
            {
                V2.CopyTo(chars);
                s.Id.CopyTo(chars[V2.Length..]);
                chars[V2.Length + s.Id.Length] = ':';
                Convert.TryToBase64Chars(s.buffer.AsSpan(0, s.Length), chars[(V2.Length + s.Id.Length + 1)..], out _);
            });
        }
        finally { ArrayPool<byte>.Shared.Return(buffer, clearArray: true); }
    }

    public string Unprotect(string stored, in FieldScope scope)
    {
        if (stored.StartsWith(V1, StringComparison.Ordinal)) return Encoding.UTF8.GetString(OpenV1(Convert.FromBase64String(stored[V1.Length..]), scope));
        var key = ParseV2(stored.AsSpan(), scope, out var bodyStart);
        var body = stored.AsSpan(bodyStart);
        var buffer = ArrayPool<byte>.Shared.Rent(body.Length / 4 * 3 + 3);
        try
        {
            if (!Convert.TryFromBase64Chars(body, buffer, out var length) || length < Overhead) throw Unreadable(scope, "the value is damaged");
            var target = ArrayPool<byte>.Shared.Rent(length - Overhead);
            try
            {
                Open(key, buffer.AsSpan(0, length), target.AsSpan(0, length - Overhead), scope);
                return Encoding.UTF8.GetString(target, 0, length - Overhead);
            }
            finally { ArrayPool<byte>.Shared.Return(target, clearArray: true); }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    // ---- bytes -----------------------------------------------------------------------------------------------

    public byte[] Protect(byte[] plain, in FieldScope scope)
    {
        var key = _current;
        var prefixLength = V2.Length + key.Id.Length + 1;
        var stored = new byte[prefixLength + Overhead + plain.Length];
        Encoding.ASCII.GetBytes(V2, stored);
        Encoding.ASCII.GetBytes(key.Id, stored.AsSpan(V2.Length));
        stored[prefixLength - 1] = (byte)':';
        Seal(key, plain, stored.AsSpan(prefixLength), scope);
        return stored;
    }

    public byte[] Unprotect(byte[] stored, in FieldScope scope)
    {
        Span<char> head = stackalloc char[V2.Length + 34];
        var headLength = Math.Min(head.Length, stored.Length);
        for (var i = 0; i < headLength; i++) head[i] = (char)stored[i];
        var key = ParseV2(head[..headLength], scope, out _);
        var payload = stored.AsSpan(V2.Length + key.Id.Length + 1);
        if (payload.Length < Overhead) throw Unreadable(scope, "the value is damaged");
        var plain = new byte[payload.Length - Overhead];
        Open(key, payload, plain, scope);
        return plain;
    }

    // ---- what rotate-key asks --------------------------------------------------------------------------------

    /// <summary>Sealed by the current key in today's format: rotate-key leaves it as it is.</summary>
    public bool IsCurrent(ReadOnlySpan<char> stored) =>
        stored.StartsWith(V2) && stored[V2.Length..].StartsWith(_current.Id) && stored.Length > V2.Length + _current.Id.Length
        && stored[V2.Length + _current.Id.Length] == ':';

    public bool IsCurrent(byte[] stored)
    {
        var prefixLength = V2.Length + _current.Id.Length + 1;
        if (stored.Length < prefixLength) return false;
        Span<char> head = stackalloc char[prefixLength];
        for (var i = 0; i < prefixLength; i++) head[i] = (char)stored[i];
        return IsCurrent(head);
    }

    /// <summary>Looks like a protected value (either format); anything else in a protected column is plaintext from before it was protected.</summary>
    public static bool LooksProtected(ReadOnlySpan<char> stored) => stored.StartsWith(V1) || stored.StartsWith(V2);

    public static bool LooksProtected(byte[] stored) => stored.Length > 3 && stored[0] == 'v' && stored[1] == '2' && stored[2] == ':';

    // ---- the cipher ------------------------------------------------------------------------------------------

    private static void Seal(Key key, ReadOnlySpan<byte> plain, Span<byte> payload, in FieldScope scope)
    {
        var nonce = payload[..NonceSize];
        RandomNumberGenerator.Fill(nonce);
        Span<byte> ad = stackalloc byte[AssociatedDataMax];
        var aes = key.Rent();
        try { aes.Encrypt(nonce, plain, payload[Overhead..], payload.Slice(NonceSize, TagSize), AssociatedData(scope, ad)); }
        finally { key.Return(aes); }
    }

    private static void Open(Key key, ReadOnlySpan<byte> payload, Span<byte> plain, in FieldScope scope)
    {
        Span<byte> ad = stackalloc byte[AssociatedDataMax];
        var aes = key.Rent();
        try { aes.Decrypt(payload[..NonceSize], payload[Overhead..], payload.Slice(NonceSize, TagSize), plain, AssociatedData(scope, ad)); }
        catch (AuthenticationTagMismatchException) { throw Unreadable(scope, "wrong key, or the value was moved from another row or column"); }
        finally { key.Return(aes); }
    }

    private const int AssociatedDataMax = 512;

    /// <summary>"table\0column\0rowid" in UTF-8.</summary>
    private static ReadOnlySpan<byte> AssociatedData(in FieldScope scope, Span<byte> into)
    {
        if (Encoding.UTF8.GetByteCount(scope.Table) + Encoding.UTF8.GetByteCount(scope.Column) + 22 > into.Length)
            throw new ArgumentException("Table and column names are too long for the associated data.");
        var n = Encoding.UTF8.GetBytes(scope.Table, into);
        into[n++] = 0;
        n += Encoding.UTF8.GetBytes(scope.Column, into[n..]);
        into[n++] = 0;
        scope.RowId.TryFormat(into[n..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        return into[..(n + digits)];
    }

    /// <summary>The first format had no key id and no associated data: try each key.</summary>
    private byte[] OpenV1(byte[] bytes, in FieldScope scope)
    {
        if (bytes.Length < Overhead) throw Unreadable(scope, "the value is damaged");
        var plain = new byte[bytes.Length - Overhead];
        foreach (var key in _keys.Values)
        {
            var aes = key.Rent();
            try
            {
                aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(Overhead), bytes.AsSpan(NonceSize, TagSize), plain);
                return plain;
            }
            catch (AuthenticationTagMismatchException) { }
            finally { key.Return(aes); }
        }
        throw Unreadable(scope, "no configured key opens this v1 value");
    }

    private Key ParseV2(ReadOnlySpan<char> stored, in FieldScope scope, out int bodyStart)
    {
        if (!stored.StartsWith(V2)) throw Unreadable(scope, "it is not in a protected format (plaintext where ciphertext belongs?)");
        var rest = stored[V2.Length..];
        var colon = rest.IndexOf(':');
        if (colon <= 0) throw Unreadable(scope, "the value is damaged");
        var id = rest[..colon];
        foreach (var key in _keys.Values)
            if (id.SequenceEqual(key.Id))
            {
                bodyStart = V2.Length + colon + 1;
                return key;
            }
        throw new ProtectedDataException(
            $"Krypterede data i {scope} er låst med nøglen «{id}», som ikke er konfigureret (Protection:PreviousKeys:{id}). "
            + $"/ Protected data in {scope} was sealed with key id '{id}', which is not configured (Protection:PreviousKeys:{id}).");
    }

    private static ProtectedDataException Unreadable(in FieldScope scope, string why) => new(
        $"Krypterede data i {scope} kan ikke læses (forkert nøgle, eller værdien er flyttet fra en anden række eller kolonne). "
        + $"/ Protected data in {scope} cannot be read: {why}.");

    /// <summary>One key; AesGcm is not thread-safe, so instances are pooled rather than shared or made per call.</summary>
    private sealed class Key
    {
        private readonly ConcurrentQueue<AesGcm> _pool = new();

        public Key(string id, byte[] bytes)
        {
            if (!IsKeyId(id)) throw new ArgumentException($"Protection key id '{id}' may hold only letters, digits, '-', '_' and '.' (at most 32).");
            if (bytes.Length != 32) throw new ArgumentException($"Protection key '{id}' must be 32 bytes (AES-256).");
            Id = id;
            Bytes = bytes;
        }

        public string Id { get; }
        public byte[] Bytes { get; }

        public AesGcm Rent() => _pool.TryDequeue(out var aes) ? aes : new AesGcm(Bytes, TagSize);

        public void Return(AesGcm aes)
        {
            if (_pool.Count < 64) _pool.Enqueue(aes);
            else aes.Dispose();
        }
    }
}
