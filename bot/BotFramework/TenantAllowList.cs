using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace TeamsCoordinator.BotFramework;

/// <summary>
/// Bot:AllowedTenants, frozen once: an activity is served only when every tenant it names (conversation.tenantId,
/// channelData.tenant.id) is on the list, and it names at least one (Teams always does).
/// </summary>
public sealed class TenantAllowList(IOptions<BotOptions> options)
{
    private readonly FrozenSet<string> _tenants = options.Value.AllowedTenants
        .Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim())
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public bool Allows(Activity activity)
    {
        var conversationTenant = activity.Conversation?.TenantId;
        var channelDataTenant = activity.ChannelData?.Tenant?.Id;
        if (conversationTenant is null && channelDataTenant is null) return false;
        return (conversationTenant is null || _tenants.Contains(conversationTenant)) &&
               (channelDataTenant is null || _tenants.Contains(channelDataTenant));
    }
}
