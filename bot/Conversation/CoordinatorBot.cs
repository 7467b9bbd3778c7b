using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.BotFramework;
using TeamsCoordinator.BotFramework.Cards;
using TeamsCoordinator.Delivery;
using TeamsCoordinator.Storage;

namespace TeamsCoordinator.Conversation;

/// <summary>
/// Turns activities into feature calls: message text → command handler, card verb → card action handler,
/// installation → a one-time greeting. Each turn gets its own scope and unit of work; what the handler changed
/// and what it answered are saved together.
/// </summary>
public sealed class CoordinatorBot(IServiceScopeFactory scopes, CommandParser parser, DirectReplies direct, TimeProvider time, ILogger<CoordinatorBot> log) : IBot
{
    public async Task OnActivityAsync(Activity activity, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var (turn, references) = await BeginAsync(scope, activity, Language.Da, ct);
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await OnMessageAsync(scope, turn, ct);
                break;
            case ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate:
                await GreetOnceAsync(turn, references, ct);
                break;
            default:
                log.LogDebug("Ignoring {Type} activity", activity.Type);
                break;
        }
        await SaveAsync(turn, ct);
    }

    public async Task<AdaptiveCardInvokeResponse?> OnInvokeAsync(Activity activity, CancellationToken ct)
    {
        if (activity.Name != "adaptiveCard/action") return null;
        var action = CardActionInvoke.Parse(activity.Value);
        if (action is null)
            return AdaptiveCardInvokeResponse.BadRequest("NotSupported", "Handlingen kunne ikke læses (kun Action.Execute understøttes).");

        using var scope = scopes.CreateScope();
        var lang = action.Get("lang") == "en" ? Language.En : Language.Da;
        // Everything that touches the database is inside the try, learning the conversation included: Teams gets
        // an answer it can show, never a bare 500.
        try
        {
            var (turn, _) = await BeginAsync(scope, activity, lang, ct);
            if (!DispatchTable.CardVerbs.TryGetValue(action.Verb, out var handlerType))
            {
                // A card from an older version of the bot, or a forged verb: say so, change nothing.
                await SaveAsync(turn, ct);
                return AdaptiveCardInvokeResponse.Message(turn.T(
                    "Denne knap virker ikke længere. Skriv @Koordinator hjælp for at se, hvad du kan gøre nu.",
                    "This button no longer works. Type @Koordinator help to see what you can do now."));
            }
            BotTelemetry.SetOperation(action.Verb);
            var handler = (ICardActionHandler)scope.ServiceProvider.GetRequiredService(handlerType);
            // Every card that answers a click, so every form shown again with what was typed, passes the one scrubber.
            var response = await scope.ServiceProvider.GetRequiredService<Cases.CitizenPrivacy>()
                .ScrubAsync(await handler.HandleAsync(turn, action, ct), action, ct);
            await SaveAsync(turn, ct);
            return response;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else changed the same thing a moment before: nothing of this click was saved.
            return AdaptiveCardInvokeResponse.Message(lang.Pick("En anden har netop ændret det samme. Intet er ændret; prøv igen.",
                "Someone else just changed the same thing. Nothing was changed; please try again."));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Card action {Verb} failed", action.Verb);
            return AdaptiveCardInvokeResponse.Error(500, "InternalError", lang.Pick("Der skete en fejl hos Koordinator. Prøv igen om lidt.",
                "Something went wrong in Koordinator. Please try again shortly."));
        }
    }

    private async Task<(Turn, ConversationReferences)> BeginAsync(IServiceScope scope, Activity activity, Language lang, CancellationToken ct)
    {
        var sp = scope.ServiceProvider;
        var references = sp.GetRequiredService<ConversationReferences>();
        await references.EnsureRememberedAsync(activity, ct);
        await sp.GetRequiredService<ChannelAccounts>().LearnAsync(activity, ct);
        var turn = new Turn(activity, lang, sp.GetRequiredService<CoordinatorDb>(), sp.GetRequiredService<Outbox>(), time);
        sp.GetRequiredService<TurnAccessor>().Current = turn;
        return (turn, references);
    }

    private async Task OnMessageAsync(IServiceScope scope, Turn turn, CancellationToken ct)
    {
        var text = MentionText.StripBotMention(turn.Activity);
        if (text.Length == 0)
        {
            if (turn.Activity.Value is not null)
                turn.Reply(turn.T("Kortet er fra en ældre version. Skriv @Koordinator hjælp for at komme videre.",
                    "This card is from an older version. Type @Koordinator help to continue."));
            else
                turn.Reply(HelpCard.ForReply(turn.Language));
            return;
        }

        var parsed = parser.Parse(text);
        turn.Language = parsed.Language;
        if (parsed.Command is null)
        {
            turn.Reply(UnknownCommand(parsed.Suggestion));
            return;
        }
        BotTelemetry.SetOperation(parsed.Command.Key);
        var handler = (ICommandHandler)scope.ServiceProvider.GetRequiredService(parsed.Command.Handler);
        await handler.HandleAsync(turn, parsed.Arguments, ct);
    }

    internal static string UnknownCommand(Command? suggestion) => suggestion is null
        ? "Den kommando kender jeg ikke. Skriv **@Koordinator hjælp** for at se alle kommandoer med et eksempel."
        : $"Den kommando kender jeg ikke. Mente du **{suggestion.Example(Language.Da)}**? Skriv **@Koordinator hjælp** for at se alle kommandoer.";

    private async Task GreetOnceAsync(Turn turn, ConversationReferences references, CancellationToken ct)
    {
        var a = turn.Activity;
        var botAdded = a.MembersAdded?.Any(m => m.Id == a.Recipient?.Id) == true ||
                       a.Type == ActivityTypes.InstallationUpdate && a.Action is "add" or "add-upgrade";
        if (!botAdded) return;
        var reference = await references.RememberAsync(a, ct);
        if (reference.GreetedAt is not null) return;
        reference.GreetedAt = turn.Now;
        turn.Reply(WelcomeCard.Build());
    }

    private async Task SaveAsync(Turn turn, CancellationToken ct)
    {
        // A turn that changed nothing sends its answer itself; the outbox keeps only what fails (DirectReplies says why
        // that loses nothing). Not for invokes: Teams is waiting for their HTTP answer, which must not wait for a send.
        if (!turn.WroteState && turn.Activity.Type != ActivityTypes.Invoke)
            switch (await direct.TrySendAsync(turn.Db, ct))
            {
                case DirectReplies.Result.Sent: return;
                case DirectReplies.Result.Store: ct = CancellationToken.None; break; // even when shutting down
            }
        try { await turn.Db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (IsDuplicate(e))
        {
            // Teams delivered the same activity twice: the first delivery already answered it.
            log.LogInformation("Duplicate delivery of activity {Id} ignored", turn.Activity.Id);
        }
    }

    /// <summary>
    /// Only the outbox idempotency key means "already answered"; any other conflict is a real error. The provider's
    /// message names the key (SQLite "outbox.IdempotencyKey", PostgreSQL "IX_outbox_IdempotencyKey"); the entries
    /// cannot tell, as PostgreSQL reports every entry of the failed batch, SQLite only the failing one.
    /// </summary>
    private static bool IsDuplicate(DbUpdateException e) =>
        e.Entries.Any(x => x.Entity is OutboxMessage) &&
        e.InnerException?.Message.Contains("IdempotencyKey", StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>Gives services inside a turn's scope (audit, authorization) the turn they serve.</summary>
public sealed class TurnAccessor
{
    public Turn? Current { get; set; }
}
