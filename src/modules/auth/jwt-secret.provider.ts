import { Module } from '@nestjs/common';
import type { Provider } from '@nestjs/common';
import { AppConfigService } from '../../config/app-config.service';
import { resolveJwtSecret } from './jwt-secret';

export const JWT_SECRET = Symbol('JWT_SECRET');

export const jwtSecretProvider: Provider = {
  provide: JWT_SECRET,
  inject: [AppConfigService],
  useFactory: (config: AppConfigService) =>
    resolveJwtSecret(config.get('JWT_SECRET'), config.get('DATA_DIR')),
};

@Module({ providers: [jwtSecretProvider], exports: [JWT_SECRET] })
export class JwtSecretModule {}
