/**
 * Written BY HAND from /work/shared/API.md (v1), in the shape openapi-typescript 7 generates,
 * because the service's OpenAPI document (docs/openapi/v1.json) did not exist yet.
 * Once it exists, `npm run generate -w clients/js` overwrites this file with the real output;
 * src/types.ts only reads `components['schemas'][…]`, so nothing else has to change.
 */

export type paths = Record<string, never>;
export type webhooks = Record<string, never>;

export interface components {
    schemas: {
        /** @enum {string} */
        NotificationType:
            | "new_message"
            | "message_reply"
            | "user_mentioned"
            | "message_reaction"
            | "contact_request"
            | "contact_accepted"
            | "new_conversation_direct"
            | "new_conversation_group"
            | "member_joined"
            | "missed_call"
            | "system";
        /** @enum {string} */
        Priority: "low" | "normal" | "high" | "urgent";
        Notification: {
            id: string;
            userId: string;
            /** Format: int64 */
            seq: number;
            type: components["schemas"]["NotificationType"];
            title: string;
            content: string | null;
            priority: components["schemas"]["Priority"];
            isRead: boolean;
            /** Format: date-time */
            readAt: string | null;
            /** Format: date-time */
            createdAt: string;
            senderId: string | null;
            senderUsername: string | null;
            senderAvatar: string | null;
            messagePreview: string | null;
            conversationId: string | null;
            messageId: string | null;
            callSessionId: string | null;
            data: {
                [key: string]: unknown;
            } | null;
            /** Format: date-time */
            expiresAt: string | null;
            silent: boolean;
        };
        NotificationPage: {
            items: components["schemas"]["Notification"][];
            nextCursor: string | null;
            hasMore: boolean;
        };
        Counts: {
            total: number;
            unread: number;
            byType: {
                [key: string]: number;
            };
            byPriority: {
                [key: string]: number;
            };
            /** Format: int64 */
            lastSeq: number;
        };
        Dnd: {
            enabled: boolean;
            start?: string | null;
            end?: string | null;
            timeZone?: string | null;
        };
        Preferences: {
            disabledTypes?: components["schemas"]["NotificationType"][] | null;
            mutedConversations?: string[] | null;
            dnd?: components["schemas"]["Dnd"] | null;
        };
        ReadAllRequest: {
            type?: components["schemas"]["NotificationType"] | null;
            conversationId?: string | null;
        };
        ReadAllResult: {
            updated: number;
        };
        /** The payload of the hub event `notification:read`. */
        NotificationReadEvent: {
            ids: string[];
            all: boolean;
            type?: components["schemas"]["NotificationType"] | null;
            conversationId?: string | null;
            /** Format: date-time */
            readAt: string;
        };
        /** The payload of the hub event `notification:deleted`. */
        NotificationDeletedEvent: {
            id: string;
        };
        ProblemDetails: {
            type?: string | null;
            title?: string | null;
            status?: number | null;
            detail?: string | null;
            errors?: {
                [key: string]: string[];
            } | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
