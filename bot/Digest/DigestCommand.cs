using Microsoft.EntityFrameworkCore;
using TeamsCoordinator.Conversation;

namespace TeamsCoordinator.Digest;

/// <summary>"overblik" (now, in the personal chat), "overblik fra" / "overblik til", "overblik kl 7.30".</summary>
public sealed class DigestCommand(DigestQuery query) : ICommandHandler
{
    public async Task HandleAsync(Turn turn, string arguments, CancellationToken ct)
    {
        var args = arguments.Trim().ToLowerInvariant();
        if (args.Length == 0)
        {
            if (!turn.IsPersonal) { turn.Reply(DigestTexts.InChannel(turn)); return; }
            var contents = await query.ComputeAsync([turn.UserKey], new HashSet<string> { turn.UserKey }, turn.Now, ct);
            var today = DigestClock.LocalDate(turn.Now);
            turn.Reply(contents.TryGetValue(turn.UserKey, out var content) ? DigestCard.Build(content, today) : DigestCard.Nothing(today));
            return;
        }
        if (args is "fra" or "off")
        {
            await SaveAsync(turn, p => p.Enabled = false, ct);
            turn.Reply(DigestTexts.Off(turn));
            return;
        }
        if (args is "til" or "on")
        {
            var p = await SaveAsync(turn, p => p.Enabled = true, ct);
            turn.Reply(DigestTexts.On(turn, p.SendAt ?? DigestClock.DefaultTime));
            return;
        }
        if (DigestClock.ParseTime(args) is not { } at) { turn.Reply(DigestTexts.Usage(turn)); return; }
        if (at < DigestClock.EarliestChoice || at > DigestClock.LatestChoice) { turn.Reply(DigestTexts.BadTime(turn)); return; }
        await SaveAsync(turn, p => { p.Enabled = true; p.SendAt = at; }, ct);
        turn.Reply(DigestTexts.On(turn, at));
    }

    private static async Task<DigestPreference> SaveAsync(Turn turn, Action<DigestPreference> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var p = await turn.Db.Set<DigestPreference>().FirstOrDefaultAsync(x => x.UserId == turn.UserKey, ct);
            if (p is null) turn.Db.Add(p = new DigestPreference { UserId = turn.UserKey });
            change(p);
            p.UpdatedAt = turn.Now;
            try
            {
                await turn.Db.SaveChangesAsync(ct);
                return p;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The same person's other click inserted the row first: change that one.
                turn.Db.ChangeTracker.Clear();
            }
        }
    }
}
