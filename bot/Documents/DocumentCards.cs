using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Cases;

namespace TeamsCoordinator.Documents;

/// <summary>What another feature adds to a form (the drafting button and its notes): inputs and a button, just before one of the form's inputs.</summary>
public sealed record FormAddition(string BeforeInputId, IReadOnlyList<FormInput> Inputs, string ButtonTitle, string Verb);

/// <summary>The document cards. Titles name the forløb by its label; the citizen's identity is only ever inside the document.</summary>
public static class DocumentCards
{
    public const string VerbCreate = "document.create";
    public const string VerbLink = "document.link";

    /// <summary>The form: what the forløb already tells (read-only facts), then what only people know (inputs, pre-filled where the forløb knows).</summary>
    public static AdaptiveCard Form(DocumentKind kind, CaseFacts facts, string formId, IReadOnlyList<FormInput> inputs,
        IReadOnlyDictionary<string, string>? values = null, IReadOnlyList<string>? problems = null, FormAddition? addition = null)
    {
        var c = facts.Case;
        string? V(FormInput i) => values is not null && values.TryGetValue(i.Id, out var v) ? v : i.Value;
        var data = CaseCards.Data(c.Id, ("kind", kind.Key), ("formId", formId));
        IEnumerable<CardElement> Added(FormInput before) => addition is null || addition.BeforeInputId != before.Id ? []
            : [.. addition.Inputs.Select(i => Input(i, V(i))), new ActionSet([new ExecuteAction(addition.ButtonTitle, addition.Verb, data)])];
        return new AdaptiveCard
        {
            FallbackText = $"{kind.Title}: forløb {c.Label}",
            Body =
            [
                TextBlock.Heading($"{kind.Title}: forløb {c.Label}"),
                new TextBlock("Udfyldt fra forløbet. Borgerens navn, CPR-nummer og adresse sættes kun ind i dokumentet. " +
                              "Lister skrives én pr. linje med kolonnerne adskilt af »|«."),
                .. Problems(problems),
                new FactSet(
                [
                    new("Koordinator", facts.Coordinator?.DisplayName ?? "ikke valgt"),
                    new("Teamet", $"{c.ActiveMembers.Count()} medlemmer"),
                    new("Samtykke", facts.Consent is null ? "intet gældende samtykke" : ConsentPolicy.Describe(facts.Consent.Kinds)),
                    new("Åbne opgaver", facts.OpenTasks.Count.ToString()),
                ]),
                .. inputs.SelectMany(i => Added(i).Append(Input(i, V(i)))),
            ],
            Actions = [new ExecuteAction($"Lav {kind.Title}", VerbCreate, data)],
        };
    }

    private static CardElement Input(FormInput input, string? value)
    {
        var label = input.Kind == InputKind.Lines ? $"{input.Label} ({string.Join(" | ", input.ColumnNames)})" : input.Label;
        var error = $"Udfyld »{input.Label}«";
        return input.Kind switch
        {
            InputKind.Date => new DateInput { Id = input.Id, Label = label, Value = value, IsRequired = input.Required ? true : null, ErrorMessage = error },
            InputKind.YesNo => new ChoiceSetInput([new("Ja", "true"), new("Nej", "false")])
                { Id = input.Id, Label = label, Style = "compact", Value = value, Placeholder = "Ikke besvaret" },
            InputKind.Choice => new ChoiceSetInput([.. (input.Choices ?? []).Select(c => new Choice(c.Title, c.Value))])
                { Id = input.Id, Label = label, Style = "compact", Value = value, Placeholder = input.Placeholder },
            _ => new TextInput
            {
                Id = input.Id, Label = label, Value = value, Placeholder = input.Placeholder, MaxLength = input.MaxLength ?? FormInput.DefaultMaxLength,
                IsMultiline = input.Kind is InputKind.LongText or InputKind.Lines ? true : null,
                IsRequired = input.Required ? true : null, ErrorMessage = input.Required ? error : null,
            },
        };
    }

    /// <summary>
    /// The kept version: its name, its version number and what is left to fill in Word. Without <paramref name="link"/>
    /// it is the team's card in the channel, whose button gives each member their own link after checking their
    /// rights; with it, the answer to that one member (the invoke response, which nobody else sees).
    /// </summary>
    public static AdaptiveCard Kept(CitizenCase c, DocumentKind kind, KeptDocument document, string? link, IReadOnlyList<string> toFillInWord, bool? ownTemplate,
        IEnumerable<CardElement>? madeAlong = null)
    {
        var inTeams = document.WebUrl is not null;
        var get = new ExecuteAction(link is null ? $"Hent {kind.Title} v{document.Version}" : "Nyt link", VerbLink,
            CaseCards.Data(c.Id, ("fileId", document.FileId.ToString())));
        return new AdaptiveCard
        {
            FallbackText = $"{kind.Title} version {document.Version}: forløb {c.Label}",
            Body =
            [
                TextBlock.Heading($"{kind.Title} version {document.Version}: forløb {c.Label}"),
                new FactSet(
                [
                    new("Dokument", document.FileName),
                    new("Version", document.Version.ToString()),
                    .. ownTemplate is { } own ? new[] { new Fact("Skabelon", own ? "organisationens egen" : "Koordinators standardskabelon") } : [],
                ]),
                .. document.UploadPending is { } pending ? CaseCards.Problem(pending) : [],
                new TextBlock(link is null
                    ? $"Tryk »{get.Title}« for at få dit eget link. Det virker kun for dig og i 5 minutter, og kun for medlemmer, hvis organisation samtykket dækker for {ConsentPolicy.Describe(kind.Information)}. Tidligere versioner gemmes, og hver hentning registreres."
                    : inTeams ? "Dokumentet ligger i kanalens filer. Tidligere versioner gemmes."
                    : "Linket er kun til dig og virker i 5 minutter; tryk »Nyt link« for at få et nyt. Hver hentning registreres med dit navn."),
                .. madeAlong ?? [],
                .. ToFill(toFillInWord),
            ],
            Actions = link is null ? [get]
                : [new OpenUrlAction($"Åbn {kind.Title} v{document.Version}", link), .. inTeams ? Array.Empty<CardAction>() : [get]],
        };
    }

    /// <summary>The document was not made: the reasons, each a Danish sentence, and what to do.</summary>
    public static AdaptiveCard NotMade(CitizenCase c, DocumentKind kind, string why, IReadOnlyList<string> problems) => new()
    {
        FallbackText = $"{kind.Title}: forløb {c.Label}",
        Body =
        [
            TextBlock.Heading($"{kind.Title}: forløb {c.Label}"),
            .. Problems([why]),
            .. problems.Count == 0 ? [] : new CardElement[] { new TextBlock(string.Join("\n", problems.Select(p => "- " + p))) },
        ],
    };

    private static IEnumerable<CardElement> Problems(IReadOnlyList<string>? problems) =>
        problems is null || problems.Count == 0 ? [] : CaseCards.Problem(string.Join("\n", problems));

    private static IEnumerable<CardElement> ToFill(IReadOnlyList<string> notes)
    {
        if (notes.Count == 0) return [];
        var shown = notes.Take(8).Select(n => "- " + n).ToList();
        if (notes.Count > shown.Count) shown.Add($"- og {notes.Count - shown.Count} mere");
        return [TextBlock.Subheading("Til udfyldning i Word"), new TextBlock(string.Join("\n", shown))];
    }
}
