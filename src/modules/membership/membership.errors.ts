import {
  ConflictError,
  ForbiddenError,
  UnprocessableError,
} from '../../common/errors/domain-error';
import type { EligibilityReason } from './golden-crown.rules';

export class PrivacyConsentRequiredError extends UnprocessableError {
  constructor(currentVersion: string) {
    super(
      'PRIVACY_CONSENT_REQUIRED',
      `Consent to the current privacy agreement (version ${currentVersion}) is required`,
      [{ privacyAgreementVersion: currentVersion }],
    );
  }
}

export class ApplicationIneligibleError extends UnprocessableError {
  constructor(reasons: EligibilityReason[]) {
    super(
      'APPLICATION_INELIGIBLE',
      'The application does not meet the Golden Crown Club rules',
      reasons,
    );
  }
}

export class AlreadyMemberError extends ConflictError {
  constructor() {
    super('ALREADY_MEMBER', 'You are already a Golden Crown Club member');
  }
}

export class ApplicationAlreadyOpenError extends ConflictError {
  constructor() {
    super('APPLICATION_ALREADY_OPEN', 'You already have an open application');
  }
}

export class ReapplyTooSoonError extends ConflictError {
  constructor(reapplyAt: Date) {
    super('REAPPLY_TOO_SOON', `You may apply again from ${reapplyAt.toISOString()}`, [
      { reapplyAt: reapplyAt.toISOString() },
    ]);
  }
}

export class ApplicationAlreadyDecidedError extends ConflictError {
  constructor() {
    super('APPLICATION_ALREADY_DECIDED', 'The application is no longer pending');
  }
}

export class NotGoldenCrownError extends ConflictError {
  constructor() {
    super('NOT_GOLDEN_CROWN', 'The member is not a Golden Crown Club member');
  }
}

export class AlreadyVotedError extends ConflictError {
  constructor() {
    super('ALREADY_VOTED', 'You have already voted on this application');
  }
}

/** A moderator's own application, or one from their own company. */
export class RecusalRequiredError extends ForbiddenError {
  constructor(why: 'own' | 'company') {
    super(
      why === 'own'
        ? 'Moderators cannot decide their own application'
        : 'Moderators cannot decide an application from their own company',
      'RECUSAL_REQUIRED',
    );
  }
}
