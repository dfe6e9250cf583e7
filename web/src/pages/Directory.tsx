import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { MemberList } from '../components/MemberList';
import { OPERATOR_TYPES } from '../lib/types';

const TIERS = ['standard', 'golden_crown'] as const;

/**
 * The member directory: search by name, company and expertise (Chinese or English), filter
 * by operator type, expertise and tier. The filters live in the address, so a search can be
 * shared and the back button works.
 */
export function DirectoryPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? undefined;
  const operatorType = params.get('operatorType') ?? undefined;
  const tier = params.get('tier') ?? undefined;
  const expertise = params.get('expertise') ?? undefined;
  const [search, setSearch] = useState(q ?? '');

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update({ q: search.trim() || undefined });
  };

  return (
    <div className="stack">
      <h1>{t('network.directory')}</h1>
      <p className="muted">{t('network.directoryIntro')}</p>
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="directory-search" className="sr-only">
          {t('network.searchLabel')}
        </label>
        <input
          id="directory-search"
          type="search"
          value={search}
          maxLength={200}
          placeholder={t('network.searchPlaceholder')}
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="submit">{t('common.search')}</button>
      </form>
      <div className="row wrap directory-filters">
        <label className="inline">
          <span className="sr-only">{t('network.operatorType')}</span>
          <select
            aria-label={t('network.operatorType')}
            value={operatorType ?? ''}
            onChange={(event) => update({ operatorType: event.target.value || undefined })}
          >
            <option value="">{t('network.anyOperatorType')}</option>
            {OPERATOR_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`operatorTypes.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <span className="sr-only">{t('network.tier')}</span>
          <select
            aria-label={t('network.tier')}
            value={tier ?? ''}
            onChange={(event) => update({ tier: event.target.value || undefined })}
          >
            <option value="">{t('network.anyTier')}</option>
            {TIERS.map((value) => (
              <option key={value} value={value}>
                {t(`network.tiers.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {expertise && (
          <button
            type="button"
            className="tag active"
            onClick={() => update({ expertise: undefined })}
            aria-label={t('network.clearExpertise', { tag: expertise })}
          >
            {expertise} ✕
          </button>
        )}
      </div>
      <MemberList
        path="/members"
        query={{ q, operatorType, tier, expertise }}
        emptyText={q ? t('network.noMatch', { q }) : t('network.noMembers')}
      />
    </div>
  );
}
