import type { NotificationType, Priority } from '@notifications/client';

export interface TypeAppearance {
  label: string;
  icon: string;
  /** A CSS colour name used for the icon's disc; the label always goes with it (never colour only). */
  colour: 'blue' | 'orange' | 'pink' | 'green' | 'gray' | 'red' | 'purple';
}

/** Icon and colour per type (the product's design, SPEC §10). */
export const typeAppearance: Record<NotificationType, TypeAppearance> = {
  new_message: { label: 'New message', icon: '💬', colour: 'blue' },
  message_reply: { label: 'Reply', icon: '↩️', colour: 'blue' },
  user_mentioned: { label: 'Mention', icon: '@', colour: 'orange' },
  message_reaction: { label: 'Reaction', icon: '❤️', colour: 'pink' },
  contact_request: { label: 'Contact request', icon: '🤝', colour: 'green' },
  contact_accepted: { label: 'Contact accepted', icon: '✅', colour: 'green' },
  new_conversation_direct: { label: 'New direct conversation', icon: '👤', colour: 'blue' },
  new_conversation_group: { label: 'New group conversation', icon: '👥', colour: 'blue' },
  member_joined: { label: 'Member joined', icon: '👋', colour: 'gray' },
  missed_call: { label: 'Missed call', icon: '📞', colour: 'red' },
  system: { label: 'System', icon: '🔔', colour: 'purple' },
};

export const notificationTypes = Object.keys(typeAppearance) as NotificationType[];

export const priorities: Priority[] = ['low', 'normal', 'high', 'urgent'];
