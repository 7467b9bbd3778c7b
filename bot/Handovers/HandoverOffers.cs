using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.Cases;
using TeamsCoordinator.Conversation;
using TeamsCoordinator.Tasks;
using TeamsCoordinator.Tenants;

namespace TeamsCoordinator.Handovers;

/// <summary>"stafet til &lt;organisation, sektor eller person&gt;" in a forløb channel: the form, or first the question "whom do you mean?".</summary>
public sealed class OfferHandoverCommand(CaseAccess access, ICollaborationTenants tenants, HandoverForms forms, ChannelAccounts accounts) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        if (turn.IsPersonal)
        {
            turn.Reply(turn.T("Giv stafetten videre i forløbets kanal: skriv @Koordinator stafet til … der.",
                "Hand over in the case channel: type @Koordinator handover to … there."));
            return;
        }
        var c = await access.ForChannelAsync(turn, "stafet", ct);
        if (c is null) { turn.Reply(CaseAccess.NotFound(turn)); return; }

        var candidates = HandoverTargets.Candidates(c, await tenants.GetOrganisationsAsync(ct), turn.UserKey);
        if (candidates.Count == 0) { turn.Reply(HandoverCards.NoTargets(c)); return; }

        var matches = await MentionedAsync(turn, candidates, ct);
        var text = StripLeadingTo(arguments);
        if (matches.Count == 0) matches = HandoverTargets.Match(text, candidates, c, c.HandlekommuneId);

        if (matches.Count == 1)
            turn.Reply(await forms.FormAsync(c, turn.UserKey, matches[0], Guid.NewGuid().ToString("N"), ct));
        else if (matches.Count > 1)
            turn.Reply(HandoverCards.ChooseTarget(c, matches, "Det passer på flere i teamet. Hvem skal have stafetten?"));
        else
            // What was typed is not echoed: it might be a citizen's name.
            turn.Reply(HandoverCards.ChooseTarget(c, candidates, text.Length == 0
                ? "Hvem skal have stafetten?"
                : "Jeg kan ikke finde den modtager i teamet. Vælg, hvem der skal have stafetten:"));
    }

    /// <summary>People @mentioned in the command ("stafet til @Lars Nielsen"), as candidates.</summary>
    private async Task<List<HandoverTarget>> MentionedAsync(Turn turn, IReadOnlyList<HandoverTarget> candidates, CancellationToken ct)
    {
        var found = new List<HandoverTarget>();
        foreach (var e in turn.Activity.Entities ?? [])
        {
            if (e.Type != "mention" || e.Mentioned?.Id is not { } id || id == turn.Activity.Recipient?.Id) continue;
            var aad = e.Mentioned.AadObjectId ?? await accounts.AadObjectIdOfAsync(id, ct) ?? id;
            if (candidates.FirstOrDefault(t => t.UserId == aad) is { } person && !found.Contains(person)) found.Add(person);
        }
        return found;
    }

    private static string StripLeadingTo(string arguments)
    {
        var text = arguments.Trim();
        foreach (var prefix in new[] { "til ", "to " })
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return text[prefix.Length..].Trim();
        return text;
    }
}

/// <summary>Builds the offer form: what the sender may hand over, and which documents the consent lets travel along.</summary>
public sealed class HandoverForms(BatonQuery batons, HandoverDocuments documents, ConsentPolicy consent, IOptions<HandoverOptions> options)
{
    /// <param name="task">One of the forløb's tasks to hand on (then that is what the form gives, and nothing else).</param>
    public async Task<BotFramework.Cards.AdaptiveCard> FormAsync(CitizenCase c, string senderUserId, HandoverTarget target, string formId, CancellationToken ct,
        IReadOnlyDictionary<string, string>? values = null, string? problem = null, CaseTask? task = null)
    {
        var subjects = task is null ? (await SubjectsAsync(c, senderUserId, ct)).Select(s => s.Subject).ToList() : [HandoverSubject.Task];
        var (allowed, withheld) = await documents.ForOrganisationAsync(c, target.OrganisationId, ct);
        var today = consent.Today;
        return HandoverCards.Form(new HandoverFormModel(c, target, formId, subjects, allowed, withheld,
            today.AddDays(options.Value.DefaultDeadlineDays), today, options.Value.DischargeLandingDays, values, problem, task));
    }

    /// <summary>
    /// What this sender may hand over, each with null or the Danish reason why not: the whole forløb only by its holder,
    /// the coordinator role only by the coordinator, and neither while an earlier offer of it awaits an answer.
    /// A task can always be handed over.
    /// </summary>
    public async Task<List<(HandoverSubject Subject, string? Refusal)>> SubjectsWithReasonsAsync(CitizenCase c, string senderUserId, CancellationToken ct)
    {
        var holder = await batons.HolderAsync(c, ct);
        var open = await batons.HistoryAsync(c.Id, ct);
        string? Pending(HandoverSubject s) => open.Any(h => h.Subject == s && h.State == HandoverState.Afventer)
            ? $"{(s == HandoverSubject.WholeCase ? "Hele forløbet" : "Koordinatorrollen")} er allerede tilbudt og afventer svar. Træk det tilbud tilbage først."
            : null;
        return
        [
            (HandoverSubject.WholeCase, holder.UserId != senderUserId
                ? $"Kun den, der har stafetten ({holder.Name}), kan give hele forløbet videre." : Pending(HandoverSubject.WholeCase)),
            (HandoverSubject.CoordinatorRole, c.CoordinatorUserId != senderUserId
                ? "Kun koordinatoren kan give koordinatorrollen videre." : Pending(HandoverSubject.CoordinatorRole)),
            (HandoverSubject.Task, null),
        ];
    }

    private async Task<List<(HandoverSubject Subject, string? Refusal)>> SubjectsAsync(CitizenCase c, string senderUserId, CancellationToken ct) =>
        (await SubjectsWithReasonsAsync(c, senderUserId, ct)).Where(s => s.Refusal is null).ToList();
}

/// <summary>"Videre" on the "whom do you mean?" card: the form for the chosen receiver.</summary>
public sealed class ChooseHandoverTargetAction(CaseAccess access, ICollaborationTenants tenants, HandoverForms forms, TaskHandovers tasks) : ICardActionHandler
{
    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var c = await access.ForCardAsync(action, turn, "stafet", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        CaseTask? task = null;
        if (action.Get("task") is { } taskId)
        {
            (task, var refusal) = await tasks.ForOfferAsync(turn.Db, c, taskId, turn.UserKey, ct);
            if (refusal is not null) return AdaptiveCardInvokeResponse.Card(CaseCards.Message($"Stafet: forløb {c.Label}", refusal, c.Id));
        }
        var candidates = HandoverTargets.Candidates(c, await tenants.GetOrganisationsAsync(ct), turn.UserKey);
        if (candidates.Count == 0) return AdaptiveCardInvokeResponse.Card(HandoverCards.NoTargets(c));
        var target = candidates.FirstOrDefault(t => t.Key == action.Get("target"));
        var subject = Enum.TryParse<HandoverSubject>(action.Get("subject"), out var s) && Enum.IsDefined(s) ? s : (HandoverSubject?)null;
        if (target is null)
            return AdaptiveCardInvokeResponse.Card(HandoverCards.ChooseTarget(c, candidates, "Vælg, hvem der skal have stafetten:", subject, task));
        return AdaptiveCardInvokeResponse.Card(await forms.FormAsync(c, turn.UserKey, target, Guid.NewGuid().ToString("N"), ct, Preselect(subject), task: task));
    }

    /// <summary>The form's inputs as given: the subject chosen before the form (e.g. by "koordinator").</summary>
    public static IReadOnlyDictionary<string, string>? Preselect(HandoverSubject? subject) =>
        subject is { } s ? new Dictionary<string, string> { ["subject"] = s.ToString() } : null;
}

/// <summary>
/// "Giv stafetten": validates the form, records the offer (state afventer, version 1), posts the handover card in
/// the channel with the receiving side @mentioned, and tells them in personal chat. The form id is the handover's
/// public id and the idempotency key of the submit: the unique index lets one offer per form into the database, and
/// every other submit of the form (a double click, a retry, a colleague clicking the same form) gets the handover
/// card as it stands now with a Danish note, never a second offer and never a refusal caused by its own twin.
/// </summary>
public sealed class SubmitHandoverAction(CaseAccess access, ICollaborationTenants tenants, HandoverForms forms, HandoverDocuments documents,
    HandoverViews views, HandoverNotifications notify, AuditLog audit, ConsentPolicy consent, IOptions<HandoverOptions> options,
    TaskHandovers tasks, ILogger<SubmitHandoverAction> log) : ICardActionHandler
{
    private const int MaxAttempts = 5;

    public async Task<AdaptiveCardInvokeResponse> HandleAsync(Turn turn, CardActionInvoke action, CancellationToken ct)
    {
        var formId = action.FormId;
        if (formId is null)
            return AdaptiveCardInvokeResponse.Message("Kortet mangler sit id. Skriv @Koordinator stafet til … for at starte forfra.");
        for (var attempt = 1; ; attempt++)
        {
            var (response, final) = await TryOfferAsync(turn, action, formId, ct);
            // A refusal may come from this very form: a twin submit that found no offer when it looked, then saw the
            // offer its twin saved meanwhile ("hele forløbet er allerede tilbudt"). The form's id decides, so look again.
            if (!final && await UsedFormAsync(turn, formId, ct) is { } used) response = used;
            try
            {
                await turn.Db.SaveChangesAsync(ct);
                return response;
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts)
            {
                // A double submit, or a change of the forløb's baton at the same moment: look again.
                log.LogDebug("Handover offer {FormId} conflicted (attempt {Attempt}): {Error}", formId, attempt, e.GetType().Name);
                turn.Db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// The answer to a form that has already made its offer: the handover card as this member sees it now, with a note
    /// (null when the form has not been used). A non-member learns nothing, as everywhere.
    /// </summary>
    private async Task<AdaptiveCardInvokeResponse?> UsedFormAsync(Turn turn, string formId, CancellationToken ct)
    {
        var existing = await turn.Db.Set<Handover>().AsNoTracking().FirstOrDefaultAsync(h => h.PublicId == formId, ct);
        if (existing is null) return null;
        var c = await access.ByIdAsync(existing.CaseId, turn.UserKey, "stafet tilbud", ct);
        if (c is null) return AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn));
        var role = HandoverStateMachine.RoleOf(existing, turn.UserKey, c.ActiveMember(turn.UserKey)?.OrganisationId);
        return AdaptiveCardInvokeResponse.Card(await views.CardAsync(c, existing, role, ct, HandoverTexts.FormAlreadyUsed(existing, turn.UserKey)));
    }

    /// <summary>The offer, or why not. Final: the offer was made, or the answer cannot depend on a twin submit.</summary>
    private async Task<(AdaptiveCardInvokeResponse Response, bool Final)> TryOfferAsync(Turn turn, CardActionInvoke action, string formId, CancellationToken ct)
    {
        if (await UsedFormAsync(turn, formId, ct) is { } used) return (used, true);
        var c = await access.ForCardAsync(action, turn, "stafet tilbud", ct);
        if (c is null) return (AdaptiveCardInvokeResponse.Message(CaseAccess.NotFound(turn)), true);
        return await OfferAsync(turn, action, formId, c, ct);
    }

    private async Task<(AdaptiveCardInvokeResponse Response, bool Offered)> OfferAsync(Turn turn, CardActionInvoke action, string formId, CitizenCase c,
        CancellationToken ct)
    {

        var organisations = await tenants.GetOrganisationsAsync(ct);
        var candidates = HandoverTargets.Candidates(c, organisations, turn.UserKey);
        var target = candidates.FirstOrDefault(t => t.Key == action.Get("target"));
        if (target is null)
            return (candidates.Count == 0
                ? AdaptiveCardInvokeResponse.Card(HandoverCards.NoTargets(c))
                : AdaptiveCardInvokeResponse.Card(HandoverCards.ChooseTarget(c, candidates, "Modtageren er ikke længere i teamet. Vælg igen:")), false);

        CaseTask? task = null;
        async Task<(AdaptiveCardInvokeResponse, bool)> Refuse(string problem) =>
            (AdaptiveCardInvokeResponse.Card(await forms.FormAsync(c, turn.UserKey, target, formId, ct, action.Data, problem, task)), false);

        if (!Enum.TryParse<HandoverSubject>(action.Get("subject"), out var subject) || !Enum.IsDefined(subject))
            return await Refuse("Vælg, hvad der gives videre.");
        var subjectRefusal = (await forms.SubjectsWithReasonsAsync(c, turn.UserKey, ct)).First(s => s.Subject == subject).Refusal;
        if (subjectRefusal is not null) return await Refuse(subjectRefusal);
        var taskTitle = action.Get("taskTitle");
        if (action.Get("task") is { } taskId)
        {
            // One of the forløb's tasks: its owner offers it, and it moves to whoever accepts (not before).
            (task, var taskRefusal) = await tasks.ForOfferAsync(turn.Db, c, taskId, turn.UserKey, ct);
            if (taskRefusal is not null) return await Refuse(taskRefusal);
            (subject, taskTitle) = (HandoverSubject.Task, task!.Title);
        }
        if (subject == HandoverSubject.Task && taskTitle is null) return await Refuse("Skriv opgavens navn, når du giver en opgave videre.");
        if (taskTitle is { Length: > 200 }) return await Refuse("Opgavens navn må højst være 200 tegn.");
        var message = action.Get("message");
        if (message is { Length: > 2000 }) return await Refuse("Beskeden må højst være 2000 tegn.");
        if (CaseLabel.LooksLikeCpr(message ?? "") || CaseLabel.LooksLikeCpr(taskTitle ?? ""))
            return await Refuse("Skriv ikke CPR-numre i stafetten. Borgeren hedder forløbets initialer og sagsnummer her.");
        if (!DateOnly.TryParseExact(action.Get("deadline"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var deadlineDay))
            return await Refuse("Vælg en frist for accept.");
        if (deadlineDay < consent.Today) return await Refuse("Fristen ligger i fortiden.");

        var documentIds = new List<long>();
        foreach (var raw in CreateCaseAction.List(action.Get("documents")))
        {
            if (!long.TryParse(raw, out var docId)) return await Refuse("Et af de valgte dokumenter findes ikke.");
            documentIds.Add(docId);
        }
        var checkedDocs = await documents.CheckAsync(c, target.OrganisationId, documentIds.Distinct(), ct);
        if (checkedDocs.Count != documentIds.Distinct().Count()) return await Refuse("Et af de valgte dokumenter findes ikke i forløbet.");
        if (checkedDocs.Where(d => !d.Allowed).Select(d => d.Document.Title).ToList() is { Count: > 0 } refused)
            return await Refuse($"Samtykket dækker ikke {target.OrganisationName} for: {string.Join(", ", refused)}. Fjern det fra stafetten.");

        var sender = c.ActiveMember(turn.UserKey)!;
        var now = turn.Now;
        var discharge = action.Get("discharge") == "true";
        var h = new Handover
        {
            PublicId = formId, CaseId = c.Id, Subject = subject, TaskTitle = subject == HandoverSubject.Task ? taskTitle : null, TaskId = task?.Id, IsDischarge = discharge,
            SenderUserId = sender.UserId, SenderName = sender.DisplayName, SenderOrganisationId = sender.OrganisationId, SenderSector = sender.Sector,
            ReceiverOrganisationId = target.OrganisationId, ReceiverSector = target.Sector,
            IntendedReceiverUserId = target.UserId, IntendedReceiverName = target.UserName,
            Message = message, DocumentIds = checkedDocs.Select(d => d.Document.Id).ToList(),
            Deadline = EndOfDay(deadlineDay), LandingDeadline = discharge ? now.AddDays(options.Value.DischargeLandingDays) : null,
            State = HandoverState.Afventer, OfferedAt = now, Version = 1,
        };
        h.Transitions.Add(new HandoverTransition
        {
            FromVersion = 0, Event = "offer", ToState = HandoverState.Afventer, ActorUserId = sender.UserId, ActorName = sender.DisplayName, At = now,
        });
        turn.Db.Add(h);
        // Two offers of the forløb's baton at once: the forløb's version lets only one of them through (the task's, for a task).
        if (h.MovesCaseBaton) c.Version++;
        if (task is not null) TaskHandovers.Offered(task);
        audit.Record("handover.offer", c.Id, $"{h.PublicId} v1: {subject} til {target.Key}; dokumenter=[{string.Join(',', h.DocumentIds)}]" +
                                             (discharge ? "; udskrivning" : "") + (task is null ? "" : $"; opgave {task.PublicId}"));

        notify.PostCard(c, h, await views.CardAsync(c, h, null, ct), turn);
        var receiving = c.ActiveMembers.Where(m => m.Channel != ChannelMembership.EmailOnly && h.IsOfferedTo(m.UserId, m.OrganisationId)).ToList();
        var whom = h.IntendedReceiverUserId is null ? target.OrganisationName : "dig";
        foreach (var m in receiving)
            await notify.TellAsync(c, h, m, $"{sender.DisplayName} vil give {whom} stafetten ({HandoverTexts.SubjectName(h).ToLowerInvariant()}) " +
                                            $"i forløb {c.Label}. Frist for accept: {HandoverTexts.DeadlineDay(h.Deadline)}. Acceptér eller afvis på kortet i forløbets kanal.",
                turn.Activity.Recipient?.Id, ct);
        return (AdaptiveCardInvokeResponse.Card(HandoverCards.Offered(c, h, HandoverTexts.ReceivingSide(h, target.OrganisationName))), true);
    }

    /// <summary>A deadline day lasts until midnight in Copenhagen; stored in UTC (PostgreSQL timestamptz wants UTC).</summary>
    public static DateTimeOffset EndOfDay(DateOnly day)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, ConsentPolicy.Copenhagen.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
