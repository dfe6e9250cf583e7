import type { Language } from '../../common/i18n/language';

export interface AgreementText {
  title: string;
  body: string;
}

export interface PrivacyAgreement {
  /** Clients send this back as `privacyAgreementVersion` when the member consents. */
  version: string;
  text: Record<Language, AgreementText>;
}

/**
 * The Platform Information Submission privacy agreement in force. A new text gets a new
 * version: consents given to an older version no longer count for new submissions.
 */
export const CURRENT_PRIVACY_AGREEMENT: PrivacyAgreement = {
  version: '2026-01',
  text: {
    zh: {
      title: '平台信息提交隐私协议',
      body: [
        '老高电商圈（“平台”）在您提交信息（包括金冠俱乐部入会申请）时收集以下信息：公司名称、年营业额、是否为企业决策者、职务、机构类型及申请理由。',
        '用途：上述信息仅用于审核您的申请及维护会员资格，不用于广告，不向第三方出售或提供，法律另有规定的除外。',
        '可见范围：营业额与公司信息仅您本人及平台审核人员可见，不会写入日志。',
        '保存与权利：您可随时导出平台保存的关于您的全部数据，也可注销账户，届时您的个人信息将被删除。',
        '每一次同意都会被记录（会员、协议版本、时间及所涵盖的申请）。协议更新后，新的提交需要重新同意新版本。',
      ].join('\n\n'),
    },
    en: {
      title: 'Platform Information Submission Privacy Agreement',
      body: [
        'When you submit information to the Laogao Circle (the "platform"), including an application to the Golden Crown Club, we collect: your company name, annual turnover, whether you are a corporate decision maker, your job title, your organization type and your motivation.',
        'Purpose: this information is used only to review your application and to maintain your membership. It is not used for advertising and is not sold or given to third parties, unless the law requires it.',
        'Who sees it: turnover and company data are visible only to you and to the platform’s reviewers, and are never written to logs.',
        'Retention and your rights: you may export all data held about you at any time, or erase your account, which deletes your personal data.',
        'Every consent is recorded (member, agreement version, time and the application it covers). When this agreement changes, new submissions need consent to the new version.',
      ].join('\n\n'),
    },
  },
};
