using TeamsCoordinator.Documents.Templates;

namespace TeamsCoordinator.Documents;

/// <summary>
/// The templates in use: the built-in ones (templates/*.docx next to the bot), and an organisation's own where
/// configured (Documents:Templates:{organisation id}:{kip|kriseplan|referat} = path to a .docx with the same tags or
/// {felt} placeholders). Each organisation template is checked once, at start-up, with <see cref="TemplateChecker"/>;
/// one with problems is not used: the problems are logged in Danish and the built-in template serves instead.
/// The forløb's coordinating organisation decides which template its documents use.
/// </summary>
public sealed class DocumentTemplates
{
    private readonly Dictionary<string, WordTemplate> builtIn = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Organisation, string Kind), WordTemplate> own = [];
    private readonly List<string> rejected = [];

    public DocumentTemplates(IConfiguration config, ILogger<DocumentTemplates> log)
    {
        var folder = config["Documents:BuiltInFolder"] is { Length: > 0 } f ? f : Path.Combine(AppContext.BaseDirectory, "templates");
        foreach (var kind in DocumentKind.All)
            builtIn[kind.Key] = WordTemplate.Load(Path.Combine(folder, kind.Schema.FileName));

        foreach (var organisation in config.GetSection("Documents:Templates").GetChildren())
            foreach (var entry in organisation.GetChildren())
            {
                var kind = DocumentKind.ByKey(entry.Key);
                if (kind is null)
                {
                    Reject(log, $"Dokumenttypen »{entry.Key}« i Documents:Templates:{organisation.Key} kendes ikke; brug kip, kriseplan eller referat.");
                    continue;
                }
                var path = entry.Value ?? "";
                var problems = Check(path, kind);
                if (problems.Count > 0)
                {
                    Reject(log, $"{organisation.Key}s egen skabelon til {kind.Title} (»{path}«) bruges ikke; den indbyggede skabelon bruges i stedet. " +
                                $"Problemer: {string.Join(" ", problems.Select(p => p.Message))}");
                    continue;
                }
                own[(organisation.Key, kind.Key)] = WordTemplate.Load(path);
                log.LogInformation("{Organisation} bruger sin egen skabelon til {Kind}", organisation.Key, kind.Title);
            }
    }

    /// <summary>Organisation templates that were turned down at start-up, each with its Danish explanation.</summary>
    public IReadOnlyList<string> Rejected => rejected;

    /// <summary>The template for a document kind of a forløb coordinated by this organisation.</summary>
    public WordTemplate For(DocumentKind kind, string organisationId) =>
        own.TryGetValue((organisationId, kind.Key), out var template) ? template : builtIn[kind.Key];

    public bool HasOwn(DocumentKind kind, string organisationId) => own.ContainsKey((organisationId, kind.Key));

    private static IReadOnlyList<TemplateProblem> Check(string path, DocumentKind kind)
    {
        if (!File.Exists(path)) return [new TemplateProblem(ProblemKind.TemplateFlaw, "", $"Filen »{path}« findes ikke.")];
        return TemplateChecker.Check(path, kind.Schema);
    }

    private void Reject(ILogger log, string explanation)
    {
        rejected.Add(explanation);
        log.LogWarning("{Explanation}", explanation);
    }
}

/// <summary>Loads and checks the templates before the bot takes traffic, so a broken organisation template shows in the start-up log.</summary>
public sealed class DocumentTemplatesCheck(DocumentTemplates templates) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        GC.KeepAlive(templates); // resolving it did the work
        return Task.CompletedTask;
    }
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
