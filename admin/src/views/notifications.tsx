// The bell in the top bar: how many of my notifications are unread, and a menu of the newest with a way to mark
// them read. The notification consumer writes them a moment after the event, so the count is polled.
import { useEffect, useState } from 'hono/jsx/dom';
import { api, messageOf } from '../api';

interface Notification {
  id: string;
  kind: string;
  title: string;
  post_id: string | null;
  created_at: string;
  read_at: string | null;
}

const POLL_MS = 30_000;

export function NotificationBell() {
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let current = true;
    api<{ notifications: Notification[]; meta: { unread: number } }>('GET', '/notifications?limit=20')
      .then((r) => {
        if (!current) return;
        setItems(r.notifications);
        setUnread(r.meta.unread);
        setError('');
      })
      .catch((e) => current && setError(messageOf(e)));
    const timer = setTimeout(() => setTick(tick + 1), POLL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [tick]);

  useEffect(() => {
    if (!open) return;
    const close = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    addEventListener('keydown', close);
    return () => removeEventListener('keydown', close);
  }, [open]);

  const markRead = async (ids: string[]) => {
    try {
      for (const id of ids) await api('POST', `/notifications/${id}/read`);
    } catch (e) {
      setError(messageOf(e));
    }
    setTick(tick + 1);
  };

  const toggle = () => {
    if (!open) setTick(tick + 1);
    setOpen(!open);
  };
  const unreadIds = items.filter((n) => !n.read_at).map((n) => n.id);
  return (
    <div class="bell">
      <button
        type="button"
        class="bell-button"
        aria-expanded={open}
        aria-controls={open ? 'notification-menu' : undefined}
        aria-label={`Notifications, ${unread} unread`}
        onClick={toggle}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" class="bell-icon">
          <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6Zm-2 15a2 2 0 0 0 4 0" />
        </svg>
        {unread > 0 && (
          <span class="badge" aria-hidden="true">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <section id="notification-menu" class="bell-menu" aria-label="Notifications">
          <div class="row">
            <h2>Notifications</h2>
            {unreadIds.length > 0 && (
              <button type="button" class="link" onClick={() => markRead(unreadIds)}>
                Mark all read
              </button>
            )}
          </div>
          {error && <p class="error">{error}</p>}
          {items.length === 0 ? (
            <p class="note">Nothing yet.</p>
          ) : (
            <ul>
              {items.map((n) => (
                <li class={n.read_at ? 'read' : 'unread'}>
                  {n.post_id ? (
                    <a href={`#/posts/${n.post_id}`} onClick={() => !n.read_at && void markRead([n.id])}>
                      {n.title}
                    </a>
                  ) : (
                    <span>{n.title}</span>
                  )}
                  <time dateTime={n.created_at}>{new Date(n.created_at).toLocaleString()}</time>
                  {!n.read_at && (
                    <button type="button" class="link" onClick={() => markRead([n.id])}>
                      Mark read<span class="visually-hidden"> {n.title}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
