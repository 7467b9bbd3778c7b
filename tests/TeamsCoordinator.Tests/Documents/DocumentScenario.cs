using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Documents;
using TeamsCoordinator.Documents.Forms;
using TeamsCoordinator.Storage;
using TeamsCoordinator.Tests.Handovers;
using static TeamsCoordinator.Tests.Handovers.HandoverScenario;

namespace TeamsCoordinator.Tests.Documents;

/// <summary>
/// The forløb of <see cref="HandoverScenario"/> without documents yet, and the document commands driven as people
/// would: the command in the channel, the form's button with what they typed.
/// </summary>
public static class DocumentScenario
{
    public static Task<HandoverScenario> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        HandoverScenario.StartAsync(settings: settings, withDocuments: false, extraServices: services);

    /// <summary>What a coordinator types into the KIP form besides what the forløb pre-fills.</summary>
    public static readonly (string, string)[] KipAnswers =
    [
        (KipForm.AktuelStatus, "Bor alene; ønsker at blive boende og undgå indlæggelse. Økonomi: bagud med huslejen."),
        (KipForm.PsykiskLidelse, "Paranoid skizofreni"),
        (KipForm.Indsatser, "Bolig – bevare lejligheden | Bostøtte 2 gange om ugen fra 1. december | Camilla Berg (kommune)\n" +
                            "Medicin | Depotmedicin hver 14. dag; kontrol i distriktspsykiatrien | Mette Kjær (region)"),
        (KipForm.PlanGodkendtAfBorger, "true"),
    ];

    public static readonly (string, string)[] KriseplanAnswers =
    [
        (KriseplanForm.AdvarselsTegn, "Sover dårligt, trækker sig fra familien, åbner ikke døren."),
        (KriseplanForm.DetHjaelperMig, "Ro, en gåtur med min mor, at nogen ringer i stedet for at komme uanmeldt."),
        (KriseplanForm.Akutmodtagelse, "Psykiatrisk akutmodtagelse, tlf. 00 00 00 00"),
    ];

    public static readonly (string, string)[] ReferatAnswers =
    [
        ("Formaal", "Fælles plan for tiden efter udskrivning."),
        ("BorgerensOensker", "»Jeg vil gerne hjem og have ro.«"),
    ];

    public static (string, string)[] AnswersFor(DocumentKind kind) =>
        kind == DocumentKind.Kip ? KipAnswers : kind == DocumentKind.Kriseplan ? KriseplanAnswers : ReferatAnswers;

    public static string CommandFor(DocumentKind kind) => kind == DocumentKind.Kip ? "ny KIP" : kind.Key;

    /// <summary>Types the command, fills the form and clicks "Lav …"; returns the form and the answer to the click.</summary>
    public static async Task<(JsonElement Form, InvokeAnswer Answer)> MakeAsync(this HandoverScenario s, TeamPerson who, DocumentKind kind,
        params (string, string)[] extra)
    {
        var form = await s.SayAsync(who, CommandFor(kind));
        var answer = await s.ClickAsync(who, DocumentCards.VerbCreate, Submit(form, DocumentCards.VerbCreate, [.. AnswersFor(kind), .. extra]));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return (form, answer);
    }

    /// <summary>The URL of the file card's "Åbn …" button.</summary>
    public static string Link(JsonElement card) =>
        card.GetProperty("actions").EnumerateArray().First(a => a.GetProperty("type").GetString() == "Action.OpenUrl").GetProperty("url").GetString()!;

    /// <summary>GETs a link as a browser would (path and query on the bot's host).</summary>
    public static async Task<HttpResponseMessage> GetAsync(HandoverScenario s, string link)
    {
        var uri = new Uri(link);
        using var client = s.Bot.CreateClient();
        return await client.GetAsync(uri.PathAndQuery);
    }

    public static Task<List<StoredFile>> FilesAsync(HandoverScenario s) =>
        s.Bot.WithDbAsync(db => db.Set<StoredFile>().AsNoTracking().OrderBy(f => f.Id).ToListAsync());

    public static Task<List<AuditEntry>> AuditAsync(HandoverScenario s) =>
        s.Bot.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking().OrderBy(a => a.Id).ToListAsync());
}
