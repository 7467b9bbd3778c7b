using System.Security.Cryptography;
using System.Text;

namespace TeamsCoordinator.Storage;

/// <summary>
/// Encrypts the citizen's identifying data (name, CPR number, address, contact details) at rest with AES-256-GCM.
/// The key lives outside the database: Protection:Key (base64, from the environment or a key vault) or
/// Protection:KeyFile. Only development may create a key file by itself.
/// </summary>
public sealed class FieldProtector
{
    private const string Prefix = "v1:";
    private readonly byte[] _key;

    public FieldProtector(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException("The protection key must be 32 bytes (AES-256).");
        _key = key;
    }

    /// <summary>A separate key for another purpose (e.g. signing links), derived so that only one secret is configured.</summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: Encoding.UTF8.GetBytes(purpose));

    public string? Protect(string? plain)
    {
        if (plain is null) return null;
        var nonce = RandomNumberGenerator.GetBytes(12);
        var data = Encoding.UTF8.GetBytes(plain);
        var cipher = new byte[data.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, data, cipher, tag);
        return Prefix + Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    public string? Unprotect(string? stored)
    {
        if (stored is null) return null;
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal)) throw new CryptographicException("Unknown protected-field format.");
        var bytes = Convert.FromBase64String(stored[Prefix.Length..]);
        var plain = new byte[bytes.Length - 28];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), plain);
        return Encoding.UTF8.GetString(plain);
    }

    public static FieldProtector FromConfiguration(IConfiguration config, IHostEnvironment env)
    {
        if (config["Protection:Key"] is { Length: > 0 } b64) return new FieldProtector(Convert.FromBase64String(b64));
        var path = config["Protection:KeyFile"];
        if (string.IsNullOrEmpty(path))
        {
            if (!env.IsDevelopment() && config["Bot:AllowAnonymous"] != "true")
                throw new InvalidOperationException("Set Protection:Key (base64, 32 bytes) or Protection:KeyFile: citizen data is encrypted at rest.");
            // Development: a key file beside (not inside) the database, created once.
            path = Path.Combine(StorageSetup.DataFolder(config, env), "protection.key");
        }
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new FieldProtector(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
