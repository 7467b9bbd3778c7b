using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TeamsCoordinator.Bench.Load;

/// <summary>
/// The bot instances this run started, killed on every way out: the normal end, an exception, SIGINT, SIGTERM,
/// SIGHUP, SIGQUIT, and the death of run.sh (this process is then re-parented: the cluster run.sh started is stopped
/// too, as nobody else will). Orphaned instances of a run cut short kept ports, CPU and the database busy and
/// blocked the next benchmarks. run.sh also kills the pids written to <c>--pid-file</c> when this process dies
/// by SIGKILL.
/// </summary>
public sealed class Children : IDisposable
{
    private static readonly List<Process> Started = [];
    private static string? _pidFile;
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly Timer _parentWatch;
    private readonly int _parent = ParentId();
    private readonly string? _postgresData;

    private Children(string? pidFile, string? postgresData)
    {
        _pidFile = pidFile;
        _postgresData = postgresData;
        foreach (var (signal, number) in new[] { (PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3) })
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                Console.Error.WriteLine($"signal {number}: killing the bot instances and exiting");
                KillAll();
                Environment.Exit(128 + number);
            }));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
        _parentWatch = new Timer(_ =>
        {
            if (ParentId() == _parent) return;
            Console.Error.WriteLine("run.sh is gone: killing the bot instances, stopping PostgreSQL and exiting");
            KillAll();
            StopPostgres();
            Environment.Exit(1);
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Watches the ways out until disposed (at the end of Program, after the instances were killed).</summary>
    public static Children Install(string? pidFile, string? postgresData) => new(pidFile, postgresData);

    /// <summary>A process just started: killed with the run, and its pid written for run.sh.</summary>
    public static void Track(Process process)
    {
        lock (Started)
        {
            Started.Add(process);
            if (_pidFile is not null) File.AppendAllText(_pidFile, process.Id + "\n");
        }
    }

    public static void KillAll()
    {
        lock (Started)
            foreach (var process in Started)
                try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { } // already gone
    }

    // The postmaster's pid is the first line of postmaster.pid; SIGQUIT is PostgreSQL's immediate shutdown.
    private void StopPostgres()
    {
        try
        {
            if (_postgresData is not null && int.TryParse(File.ReadLines(Path.Combine(_postgresData, "postmaster.pid")).First(), out var pid)) Signal(pid, 3);
        }
        catch (IOException) { }
    }

    private static int ParentId()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]); // field 4, after the state
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);

    public void Dispose()
    {
        KillAll();
        _parentWatch.Dispose();
        foreach (var s in _signals) s.Dispose();
    }
}
