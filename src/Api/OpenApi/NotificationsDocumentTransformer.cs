using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notifications.Api.Contracts;
using Notifications.Api.RealTime;

namespace Notifications.Api.OpenApi;

/// <summary>
/// The parts of the document no endpoint describes: its description (with the SignalR hub), the
/// bearer scheme, the wire enums, the hub's event payloads, the operations endpoints (mapped as
/// plain request delegates, invisible to the generator); then a stable order.
/// </summary>
internal sealed class NotificationsDocumentTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The hub's events and the type of each payload.</summary>
    public static readonly IReadOnlyList<(string Event, Type Payload, string Meaning)> HubEvents =
    [
        (InboxEventNames.Notification, typeof(NotificationResponse), "a notification was created"),
        (InboxEventNames.Updated, typeof(NotificationResponse), "an existing notification changed: replaced by collapse key, snoozed, back from snooze, archived or unarchived one by one, action taken; replace it by `id` (when its `seq` is new, it moves to the top)"),
        (InboxEventNames.Read, typeof(ReadEventResponse), "notifications were marked read (`all: true`: every unread one matching the optional filter, and `upToSeq` when the read-all had one; `ids` may then be empty)"),
        (InboxEventNames.Seen, typeof(SeenEventResponse), "every unseen one in the inbox with seq at most `upToSeq` was seen"),
        (InboxEventNames.Archived, typeof(ArchivedEventResponse), "every read one in the inbox was archived (archive-read)"),
        (InboxEventNames.Deleted, typeof(DeletedEventResponse), "a notification was deleted (one by one, or by a retract)"),
        (InboxEventNames.Counts, typeof(CountsResponse), "the counts after a change, or a snapshot right after connecting"),
    ];

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Notifications",
            Version = "v1",
            Description = Description(),
        };

        // The document is the same wherever it is served from (and as committed); clients set their base URL.
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [SchemaNames.BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "HS256 JWT: `sub` is the user id; `role` `service` may create notifications, `admin` may broadcast.",
            },
        };

        foreach (var name in WireEnums.Values.Keys)
        {
            WireEnums.Reference(name, document);
        }

        foreach (var (_, payload, _) in HubEvents)
        {
            var name = SchemaNames.Of(payload);
            if (document.Components.Schemas?.ContainsKey(name) != true)
            {
                document.AddComponent(name, await context.GetOrCreateSchemaAsync(payload, cancellationToken: cancellationToken));
            }
        }

        OperationsPaths.AddTo(document);
        NameWireEnums(document);
        DropNullFromOptionalResponseProperties(document);
        Sort(document);
    }

    /// <summary>
    /// A response property that may be absent is left out when null (e.g. CreateResponse's
    /// notification), so it is never null; the generator wraps nullable references in
    /// <c>oneOf [null, $ref]</c> after the schema transformers ran.
    /// </summary>
    private static void DropNullFromOptionalResponseProperties(OpenApiDocument document)
    {
        foreach (var (name, schema) in document.Components!.Schemas!)
        {
            if (!ContractSchemaTransformer.ResponseShapes.Contains(name) || schema is not OpenApiSchema { Properties: { } properties } concrete)
            {
                continue;
            }

            foreach (var key in properties.Keys.Where(k => concrete.Required?.Contains(k) != true).ToList())
            {
                if (properties[key] is OpenApiSchema { OneOf: [OpenApiSchema { Type: JsonSchemaType.Null }, var actual] })
                {
                    properties[key] = actual;
                }
            }
        }
    }

    /// <summary>
    /// Every inline wire enum (see <see cref="ContractSchemaTransformer"/>) becomes a reference to its
    /// named set (the generator resolves references itself while schema transformers run, so they
    /// cannot add one).
    /// </summary>
    private static void NameWireEnums(OpenApiDocument document)
    {
        foreach (var name in document.Components!.Schemas!.Keys.ToList())
        {
            if (!WireEnums.Values.ContainsKey(name))
            {
                document.Components.Schemas[name] = Named(document.Components.Schemas[name], document);
            }
        }

        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                parameter.Schema = parameter.Schema is { } schema ? Named(schema, document) : null;
            }

            var contents = (operation.RequestBody?.Content?.Values.AsEnumerable() ?? [])
                .Concat((operation.Responses?.Values.AsEnumerable() ?? []).SelectMany(r => r.Content?.Values.AsEnumerable() ?? []));
            foreach (var content in contents)
            {
                content.Schema = content.Schema is { } schema ? Named(schema, document) : null;
            }
        }
    }

    private static IOpenApiSchema Named(IOpenApiSchema schema, OpenApiDocument document)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return schema; // a reference already
        }

        if (concrete.Enum is { Count: > 0 } values && WireEnums.NameOf(values) is { } name)
        {
            return WireEnums.Reference(name, document);
        }

        if (concrete.Type is { } type && type.HasFlag(JsonSchemaType.Object) && concrete.Properties is null or { Count: 0 }
            && concrete.AdditionalProperties is null && concrete.AdditionalPropertiesAllowed)
        {
            // "Any object" (data), spelled out: generators read a bare "type: object" as an empty object.
            concrete.AdditionalProperties = new OpenApiSchema();
        }

        foreach (var key in concrete.Properties?.Keys.ToList() ?? [])
        {
            concrete.Properties![key] = Named(concrete.Properties[key], document);
        }

        concrete.Items = concrete.Items is { } items ? Named(items, document) : null;
        concrete.AdditionalProperties = concrete.AdditionalProperties is { } additional ? Named(additional, document) : null;
        foreach (var list in new[] { concrete.AllOf, concrete.AnyOf, concrete.OneOf })
        {
            for (var i = 0; i < (list?.Count ?? 0); i++)
            {
                list![i] = Named(list[i], document);
            }
        }

        return concrete;
    }

    private static string Description()
    {
        var events = string.Join('\n', HubEvents.Select(e => $"| `{e.Event}` | `{SchemaNames.Of(e.Payload)}` | {e.Meaning} |"));
        return $"""
            A real-time in-app notification service. The contract is API.md; this document describes
            the HTTP endpoints and the SignalR payloads.

            Errors are `application/problem+json` (RFC 9457). Times are ISO 8601 in UTC with `Z`.

            ## Real time: SignalR hub `{HubAdmissionMiddleware.HubPath}`

            WebSockets, Server-Sent Events and long polling; JSON protocol. The token comes as the
            `access_token` query parameter or the `Authorization` header. A user holds at most 10 live
            connections: the next negotiate (or a WebSocket upgrade without negotiate) is answered 429
            with `Retry-After`, or the connection is closed right after the handshake. Clients only
            listen; no client-to-server method exists. Events, per user in the order the inbox applied
            the changes (each change followed by the `notification:counts` it causes; a change that
            updates nothing pushes nothing), each received exactly once by every live connection of
            the user:

            | event | payload (`components.schemas`) | when |
            |---|---|---|
            {events}

            Right after connecting, the server may send a `notification:counts` snapshot: when its
            `lastSeq` is above the last seq a client has seen, it catches up with
            `GET /api/notifications?afterSeq=<last seq>`.
            """;
    }

    /// <summary>The tags in reading order, each with what its routes have in common.</summary>
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Notifications", "End users (any valid token): each route acts on the caller's own inbox."),
        ("Producers", "Role `service`: create notifications, retract a message's."),
        ("Admin", "Role `admin`: broadcast (audited)."),
        (OperationsPaths.Tag, "No token, no rate limit: protect them at the network edge."),
        ("Development", "The Development environment only; elsewhere these routes do not exist."),
    ];

    /// <summary>Paths, responses and schemas in a fixed order, so the committed document only changes when the API does.</summary>
    private static void Sort(OpenApiDocument document)
    {
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags?.Select(t => t.Name).AsEnumerable() ?? []).ToHashSet();
        document.Tags = new HashSet<OpenApiTag>(Tags.Where(t => used.Contains(t.Name)).Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            if (operation.Responses is { } responses)
            {
                var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                responses.Clear();
                foreach (var (status, response) in sorted)
                {
                    responses.Add(status, response);
                }
            }
        }

        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            paths.Add(path, item);
        }

        document.Paths = paths;
        if (document.Components?.Schemas is { } schemas)
        {
            document.Components.Schemas = schemas.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary();
        }
    }
}
