import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
  ValidateBy,
  type ValidationError,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** `TRUST_PROXY` is `true`, `false` or a hop count, as Express's `trust proxy` takes it. */
const toTrustProxy = ({ value }: { value: unknown }): unknown => {
  if (value === undefined || value === '') return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return value;
};

/**
 * Every environment variable the server reads, with its default. Validated once at
 * start: a bad value stops the start with a line naming the variable.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @MinLength(1)
  @IsString()
  DATA_DIR = './data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s/]+(\/[^\s]*)?$/, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of every Redis key and channel, so several deployments can share one Redis. */
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, {
    message: 'REDIS_KEY_PREFIX must be 1-64 of A-Z a-z 0-9 : _ -',
  })
  REDIS_KEY_PREFIX = 'laogao:';

  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  @IsString()
  JWT_SECRET?: string;

  @Transform(toInt)
  @Min(30)
  @Max(86400)
  @IsInt()
  ACCESS_TOKEN_TTL = 900;

  @Transform(toInt)
  @Min(1)
  @Max(365)
  @IsInt()
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  @Transform(({ value }: { value: unknown }): unknown =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((origin) => origin.trim())
          .filter((origin) => origin.length > 0)
      : (value ?? []),
  )
  @Matches(/^https?:\/\/[^\s/]+$/, {
    each: true,
    message: 'CORS_ORIGINS must be a comma-separated list of origins such as https://example.com',
  })
  CORS_ORIGINS: string[] = [];

  @Transform(toTrustProxy)
  @IsTrustProxy()
  TRUST_PROXY: boolean | number = false;

  /**
   * The address members reach the site at (`https://circle.example.com`, or with a path
   * prefix), without a trailing slash: canonical URLs, the sitemap and links in mails.
   * Unset, they are built from each request's host (`X-Forwarded-Host`/`-Proto` count only
   * with `TRUST_PROXY`).
   */
  @Transform(({ value }: { value: unknown }): unknown => {
    const url = emptyToUndefined({ value });
    return typeof url === 'string' ? url.trim().replace(/\/+$/, '') : url;
  })
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'PUBLIC_URL must be an http:// or https:// URL such as https://circle.example.com',
  })
  PUBLIC_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  @Transform(toInt)
  @Min(1)
  @IsInt()
  RATE_LIMIT_AUTH_PER_MINUTE = 20;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  RATE_LIMIT_REFRESH_PER_MINUTE = 300;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  RATE_LIMIT_SEARCH_PER_MINUTE = 60;

  /** `@` autocomplete (`GET /api/members/suggest`) per member per minute: one per keystroke. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  RATE_LIMIT_SUGGEST_PER_MINUTE = 300;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  LOGIN_FAILURES_BEFORE_LOCK = 5;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  RATE_LIMIT_WRITE_PER_MINUTE = 30;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  CHAT_BURST = 10;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  CHAT_PER_SECOND = 3;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  MAX_SOCKETS_PER_MEMBER = 20;

  /** New direct conversations a member starts in 24 hours (a known set of members is free). */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  DM_NEW_CONVERSATIONS_PER_DAY = 20;

  @Transform(toInt)
  @Min(1024)
  @IsInt()
  MAX_BODY_BYTES = 256 * 1024;

  @Transform(toInt)
  @Min(0)
  @IsInt()
  GOLDEN_CROWN_MIN_TURNOVER_CNY = 70_000_000;

  @Transform(toInt)
  @Min(0)
  @IsInt()
  GOLDEN_CROWN_REAPPLY_AFTER_DAYS = 30;

  /** Distinct approving moderators that decide a Golden Crown application. */
  @Transform(toInt)
  @Min(1)
  @Max(50)
  @IsInt()
  GOLDEN_CROWN_APPROVALS_REQUIRED = 1;

  /** Days a Golden Crown term lasts, from approval (or from the old end, for a renewal). */
  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  GOLDEN_CROWN_TERM_DAYS = 365;

  /** Days after an application's decision when its evidence files are deleted. */
  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  GOLDEN_CROWN_EVIDENCE_RETENTION_DAYS = 90;

  /** Uploads a member may make in 24 hours. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  UPLOADS_PER_DAY = 100;

  /** Largest uploaded file, in bytes (before re-encoding). */
  @Transform(toInt)
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  @IsInt()
  MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

  /**
   * S3-compatible object storage for uploads (MinIO, AWS S3): with `S3_BUCKET` set, files
   * go there instead of `DATA_DIR/uploads`. `S3_ENDPOINT` is the server's URL (unset: AWS).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+\/?$/, {
    message: 'S3_ENDPOINT must be an http:// or https:// URL such as http://minio:9000',
  })
  S3_ENDPOINT?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
    message: 'S3_BUCKET must be a bucket name (3-63 of a-z 0-9 . -)',
  })
  S3_BUCKET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @Matches(/^[a-z0-9-]{1,32}$/, { message: 'S3_REGION must be a region name such as us-east-1' })
  S3_REGION = 'us-east-1';

  /** `true` for MinIO and most self-hosted servers (`endpoint/bucket/key` addressing). */
  @Transform(({ value }: { value: unknown }): unknown =>
    value === 'true'
      ? true
      : value === 'false' || value === undefined || value === ''
        ? false
        : value,
  )
  @IsBoolean({ message: 'S3_FORCE_PATH_STYLE must be true or false' })
  S3_FORCE_PATH_STYLE = false;

  /**
   * The mail server: `smtp://user:pass@host:587` (STARTTLS when offered) or
   * `smtps://user:pass@host:465`. Unset, every mail is written as an `.eml` file under
   * `DATA_DIR/mail/` and its subject and links are logged (the embedded default).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, {
    message: 'SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:pass@host:587',
  })
  SMTP_URL?: string;

  /** The sender of every mail, `address` or `Name <address>`; required with `SMTP_URL`. */
  @Transform(emptyToUndefined)
  @ValidateIf(
    (env: Partial<EnvironmentVariables>) =>
      env.SMTP_URL !== undefined || env.MAIL_FROM !== undefined,
  )
  @Matches(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, {
    message:
      'MAIL_FROM must be an address or "Name <address>" (required with SMTP_URL), such as "Laogao Circle <no-reply@circle.example.com>"',
  })
  @IsString({ message: 'MAIL_FROM must be set with SMTP_URL, such as no-reply@circle.example.com' })
  MAIL_FROM?: string;

  /**
   * `required`: members verify their address before publishing (see the API contract);
   * `optional`: they need not. Default: `required` with `SMTP_URL`, else `optional`.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['required', 'optional'])
  EMAIL_VERIFICATION?: 'required' | 'optional';

  /**
   * Milliseconds a mail waits after its first failed attempt (no connection, 4xx); each
   * further failure doubles the wait, up to an hour. Mail is never given up on.
   */
  @Transform(toInt)
  @Min(100)
  @IsInt()
  MAIL_RETRY_MS = 30_000;

  /** The built web client (index.html and assets), relative to the project root or absolute. */
  @MinLength(1)
  @IsString()
  WEB_DIST_DIR = 'web/dist';

  /**
   * Worker processes `npm start` runs (node:cluster, sharing `PORT`). Above 1 needs
   * `DATABASE_URL` and `REDIS_URL`: the embedded database serves one process, and without
   * Redis each process would count the limits on its own.
   */
  @NeedsSharedState()
  @Transform(toInt)
  @Min(1)
  @Max(64)
  @IsInt()
  WEB_CONCURRENCY = 1;

  /** Milliseconds a query may run before it fails (the embedded database cannot cancel one). */
  @Transform(toInt)
  @Min(100)
  @IsInt()
  DATABASE_QUERY_TIMEOUT_MS = 15_000;
}

export type AppConfig = EnvironmentVariables;

function IsTrustProxy(): PropertyDecorator {
  return ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value)),
      defaultMessage: () => 'TRUST_PROXY must be true, false or a hop count',
    },
  });
}

/**
 * Several processes share nothing but PostgreSQL and Redis: the embedded database serves
 * one process, and without Redis every limit and flood control would count per process
 * (N times the configured value) and chat would not cross processes.
 */
function NeedsSharedState(): PropertyDecorator {
  return ValidateBy({
    name: 'needsSharedState',
    validator: {
      validate: (value: unknown, args) => {
        const env = args?.object as Partial<EnvironmentVariables> | undefined;
        return value === 1 || (env?.DATABASE_URL !== undefined && env.REDIS_URL !== undefined);
      },
      defaultMessage: (args) => {
        const env = args?.object as Partial<EnvironmentVariables> | undefined;
        return env?.DATABASE_URL === undefined
          ? 'WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database serves one ' +
              'process (set DATABASE_URL to a PostgreSQL server, and REDIS_URL, or use 1)'
          : 'WEB_CONCURRENCY above 1 needs REDIS_URL: without Redis every process would count ' +
              'rate limits and chat flood control on its own (each limit multiplied by the ' +
              'number of processes) and chat would not reach the other processes (set ' +
              'REDIS_URL, or use 1)';
      },
    },
  });
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

function describe(error: ValidationError): string[] {
  const shown = (value: unknown): string =>
    error.property.includes('SECRET') ||
    error.property.includes('PASSWORD') ||
    error.property === 'SMTP_URL' // holds the mail server's password
      ? '(hidden)'
      : JSON.stringify(value);
  return Object.values(error.constraints ?? {}).map(
    (message) => `${message} (got ${shown(error.value)})`,
  );
}

/** Reads and validates the environment; throws a `ConfigurationError` naming each bad variable. */
export function validateEnvironment(env: Record<string, string | undefined>): AppConfig {
  const config = plainToInstance(EnvironmentVariables, env, { exposeDefaultValues: true });
  // `whitelist` drops every variable of the environment that is not ours.
  const errors = validateSync(config, {
    whitelist: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  if (errors.length > 0) {
    throw new ConfigurationError(errors.flatMap(describe));
  }
  config.EMAIL_VERIFICATION ??= config.SMTP_URL === undefined ? 'optional' : 'required';
  return config;
}
