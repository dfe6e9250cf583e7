import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldProblems } from '../lib/errors';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** An API error as a sentence, with the fields of a validation failure. */
export function ErrorNote({ error, minTurnover }: { error: unknown; minTurnover?: number }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const problems = fieldProblems(error);
  return (
    <div className="error" role="alert">
      <p>{errorMessage(error, t, i18n.language, { minTurnover })}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((problem) => (
            <li key={problem.field}>
              {t(`fields.${problem.field}`, { defaultValue: problem.field })}:{' '}
              {problem.messages.join('; ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps {
  label: string;
  hint?: string;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}

/** A labelled form field: the label points at the control, the hint describes it. */
export function Field({ label, hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, hintId)}
      {hint && (
        <small id={hintId} className="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

/**
 * A new password with the server's bounds (10–128 characters) and the hint that says them:
 * registration, password reset and the password change share it.
 */
export function NewPasswordField({
  label,
  name,
  value,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field label={label} hint={t('auth.passwordHint')}>
      {(id, hint) => (
        <input
          id={id}
          name={name}
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={128}
          aria-describedby={hint}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export function TierBadge({ tier }: { tier: string }) {
  const { t } = useTranslation();
  if (tier !== 'golden_crown') return null;
  return (
    <span className="badge gold" title={t('tiers.golden_crown')}>
      ♛ {t('tiers.golden_crown')}
    </span>
  );
}
