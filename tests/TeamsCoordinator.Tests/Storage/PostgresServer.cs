using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TeamsCoordinator.Tests.Storage;

/// <summary>
/// A real PostgreSQL server (Debian's postgresql package) in a private cluster in a temp folder, on a free
/// loopback port, for the test run. initdb refuses root, so the server runs as the postgres user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string _dir = "";
    public int Port { get; private set; }
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false";

    public async Task InitializeAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Order().Last() + "/bin" : null;
        if (bin is null || !File.Exists(Path.Combine(bin, "initdb")))
            throw new InvalidOperationException("PostgreSQL is not installed: apt-get install -y postgresql (.ci/run does this).");
        _dir = Path.Combine(Path.GetTempPath(), "tc-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        Port = FreePort();
        var asPostgres = Environment.UserName == "root";
        if (asPostgres) await RunAsync("chown", $"postgres {_dir}");
        await RunAsync(bin + "/initdb", $"-D {_dir}/data -A trust -U postgres -E UTF8 --no-locale", asPostgres);
        await RunAsync(bin + "/pg_ctl", $"-D {_dir}/data -l {_dir}/log -w -o \"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off\" start", asPostgres);
    }

    public async Task DisposeAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Order().Last() + "/bin";
        try { await RunAsync(bin + "/pg_ctl", $"-D {_dir}/data -m immediate stop", Environment.UserName == "root"); } catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string args, bool asPostgres = false)
    {
        var psi = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {args}")
            : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed: {await output} {await error}");
    }
}

[CollectionDefinition(nameof(PostgresCollection))]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;
