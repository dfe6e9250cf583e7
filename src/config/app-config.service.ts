import { Injectable } from '@nestjs/common';
import type { AppConfig } from './env.schema';

/** Typed, read-only access to the validated configuration. */
@Injectable()
export class AppConfigService {
  constructor(private readonly config: Readonly<AppConfig>) {}

  get<K extends keyof AppConfig>(key: K): AppConfig[K] {
    return this.config[key];
  }

  get isEmbeddedDatabase(): boolean {
    return this.config.DATABASE_URL === undefined;
  }

  /** `EMAIL_VERIFICATION`, or its default: `required` with `SMTP_URL`, else `optional`. */
  get emailVerification(): 'required' | 'optional' {
    return (
      this.config.EMAIL_VERIFICATION ??
      (this.config.SMTP_URL === undefined ? 'optional' : 'required')
    );
  }

  get isProduction(): boolean {
    return this.config.NODE_ENV === 'production';
  }
}
