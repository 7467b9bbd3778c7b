using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace TeamsCoordinator.Storage;

/// <summary>
/// Where the protection keys come from. The current key: Protection:Key (base64, from the environment or a key vault)
/// or Protection:KeyFile, with its id Protection:KeyId (default "1"). Older keys, still read until rotate-key has
/// re-encrypted their data: Protection:PreviousKeys:&lt;id&gt; (base64). Outside Development a missing key stops the
/// start: a key made up by itself would leave every stored value unreadable. Development alone makes its own key
/// file (data folder, owner-only, made once even when several processes start at once).
/// </summary>
public static class ProtectionKeys
{
    public const string DevelopmentKeyFileName = "protection.key";

    public static FieldProtector FromConfiguration(IConfiguration config, IHostEnvironment env)
    {
        var id = config["Protection:KeyId"] is { Length: > 0 } k ? k : "1";
        if (!FieldProtector.IsKeyId(id)) throw new InvalidOperationException($"Protection:KeyId '{id}' may hold only letters, digits, '-', '_' and '.' (at most 32).");
        var previous = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var old in config.GetSection("Protection:PreviousKeys").GetChildren())
            previous[old.Key] = Decode(old.Value, $"Protection:PreviousKeys:{old.Key}");
        previous.Remove(id);
        return new FieldProtector(id, CurrentKey(config, env), previous);
    }

    private static byte[] CurrentKey(IConfiguration config, IHostEnvironment env)
    {
        if (config["Protection:Key"] is { Length: > 0 } b64) return Decode(b64, "Protection:Key");
        var path = config["Protection:KeyFile"];
        if (!env.IsDevelopment())
        {
            if (string.IsNullOrEmpty(path))
                throw new InvalidOperationException(
                    "Protection:Key (32 bytes, base64) eller Protection:KeyFile mangler: borgerdata krypteres i databasen, og uden nøglen kan botten ikke starte. "
                    + "/ Set Protection:Key (32 bytes, base64) or Protection:KeyFile: citizen data is encrypted at rest, and the bot does not start without its key.");
            if (!File.Exists(path))
                throw new InvalidOperationException(
                    $"Nøglefilen Protection:KeyFile «{path}» findes ikke; botten laver ikke selv en ny nøgle uden for Development (de gemte data kunne så ikke læses). "
                    + $"/ The key file Protection:KeyFile '{path}' does not exist; outside Development the bot never makes a new key (the stored data would become unreadable).");
            return Decode(File.ReadAllText(path).Trim(), path);
        }
        // Development: a key file beside (not inside) the database.
        path = string.IsNullOrEmpty(path) ? Path.Combine(StorageSetup.DataFolder(config, env), DevelopmentKeyFileName) : path;
        return Decode(CreateOnce(path), path);
    }

    /// <summary>
    /// The key file's content, making it first if it is missing: written to a temporary file that is owner-only from
    /// its creation, then linked into place without replacing anything, so no moment shows the key with wider
    /// permissions and concurrent starts end up with the one file that was linked first.
    /// </summary>
    public static string CreateOnce(string path)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(temporary, options))
            {
                file.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
                file.Flush(flushToDisk: true);
            }
            // link(2) never replaces an existing name (File.Move without overwrite may rename over it): the first start wins.
            if (OperatingSystem.IsWindows())
            {
                try { File.Move(temporary, path, overwrite: false); }
                catch (IOException) when (File.Exists(path)) { }
            }
            else if (link(temporary, path) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != EEXIST)
                throw new IOException($"Kunne ikke lave nøglefilen {path} (errno {errno}). / Could not create the key file {path} (errno {errno}).");
        }
        finally { File.Delete(temporary); }
        return File.ReadAllText(path).Trim();
    }

    private const int EEXIST = 17;

    [DllImport("libc", SetLastError = true)]
    private static extern int link(string existing, string created);

    private static byte[] Decode(string? b64, string where)
    {
        try
        {
            var key = Convert.FromBase64String(b64 ?? "");
            if (key.Length == 32) return key;
        }
        catch (FormatException) { }
        throw new InvalidOperationException($"{where} skal være 32 tilfældige bytes i base64. / {where} must be 32 random bytes, base64.");
    }
}
