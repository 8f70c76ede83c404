import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../store/terminal-store';
import { logoutAll, logoutMember } from '../workflows/session';

/** Who is logged in at this station: the active member is marked; each can log out, or all at once. */
export function TeamPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const team = useTerminalStore((s) => s.team);
  const activeId = useTerminalStore((s) => s.operator?.id ?? null);
  return (
    <div className="team-panel" role="dialog" aria-label={t('team.title')} data-testid="team-panel">
      <h3>{t('team.title')}</h3>
      <p className="screen__hint">{t('team.switchHint')}</p>
      <ul className="team-panel__list">
        {team.map((member) => (
          <li
            key={member.id}
            className={member.id === activeId ? 'team-panel__member team-panel__member--active' : 'team-panel__member'}
            data-testid={`team-member-${member.id}`}
            data-active={member.id === activeId}
          >
            <span>
              {member.name}
              {member.role === 'lead' && <em className="team-panel__role"> · {t('team.lead')}</em>}
              {member.id === activeId && <strong className="team-panel__role"> · {t('team.active')}</strong>}
            </span>
            <button
              type="button"
              className="touch-button touch-button--compact"
              data-testid={`team-logout-${member.id}`}
              onClick={() => {
                if (team.length === 1) onClose();
                void logoutMember(member.id, 'manual');
              }}
            >
              {t('session.logout')}
            </button>
          </li>
        ))}
      </ul>
      <div className="entry-panel__foot">
        <button type="button" className="touch-button" data-testid="team-close" onClick={onClose}>
          {t('team.close')}
        </button>
        <button
          type="button"
          className="touch-button touch-button--bad"
          data-testid="team-logout-all"
          disabled={team.length === 0}
          onClick={() => {
            onClose();
            void logoutAll('manual');
          }}
        >
          {t('team.logoutAll')}
        </button>
      </div>
    </div>
  );
}
