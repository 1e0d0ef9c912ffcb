namespace Notifications;

/// <summary>
/// References to the service's string-keyed grains without Orleans' per-call type resolution.
/// </summary>
/// <remarks>
/// <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves the grain interface type and the grain type
/// again on every call (Orleans 10's <c>GrainInterfaceTypeResolver</c> reads custom attributes and
/// formats the type name each time, with no cache): about 8 % of everything a 10,000-recipient batch
/// allocated. Both types are fixed for the life of the process, so they are resolved once, by the
/// first ordinary <c>GetGrain</c>, and every later reference is built from the grain id directly.
/// </remarks>
public static class GrainReferences
{
    public static IUserInboxGrain GetUserInbox(this IGrainFactory grains, string userId) =>
        Cache<IUserInboxGrain>.Get(grains, userId);

    public static IMentionLimiterGrain GetMentionLimiter(this IGrainFactory grains, string key) =>
        Cache<IMentionLimiterGrain>.Get(grains, key);

    public static IProducerQuotaGrain GetProducerQuota(this IGrainFactory grains, string subject) =>
        Cache<IProducerQuotaGrain>.Get(grains, subject);

    /// <summary>The audit trail (a stateless worker: one key, served on whichever silo is asked).</summary>
    public static IAuditTrailGrain GetAuditTrail(this IGrainFactory grains) =>
        grains.GetGrain<IAuditTrailGrain>(0);

    /// <summary>Retract across inboxes (a stateless worker, like the audit trail).</summary>
    public static IMessageRetractionGrain GetMessageRetraction(this IGrainFactory grains) =>
        grains.GetGrain<IMessageRetractionGrain>(0);

    private static class Cache<TGrain>
        where TGrain : IGrainWithStringKey
    {
        // A class, so that readers on other threads see both types or neither.
        private static ResolvedTypes? _types;

        public static TGrain Get(IGrainFactory grains, string key)
        {
            ArgumentNullException.ThrowIfNull(grains);
            if (_types is { } types)
            {
                return (TGrain)grains.GetGrain(GrainId.Create(types.GrainType, key), types.InterfaceType);
            }

            var grain = grains.GetGrain<TGrain>(key);
            _types = new ResolvedTypes(grain.GetGrainId().Type, ((GrainReference)(object)grain).InterfaceType);
            return grain;
        }
    }

    private sealed record ResolvedTypes(GrainType GrainType, GrainInterfaceType InterfaceType);
}
