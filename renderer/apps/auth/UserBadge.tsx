import { useT } from '../../i18n';
import { useAuth } from '../../stores/auth';

/** Who is logged in, and the way out, in the top bar. */
export function UserBadge() {
  const t = useT();
  const me = useAuth((s) => s.me);
  const logout = useAuth((s) => s.logout);
  if (!me || me.kind !== 'officer') return null;
  return (
    <span className="user-badge" data-testid="user-badge">
      {me.name} ({t(`role.${me.role}`)})
      <button type="button" className="link" onClick={() => void logout()}>
        {t('auth.logout')}
      </button>
    </span>
  );
}
