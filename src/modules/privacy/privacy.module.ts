import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { MembersModule } from '../members/members.module';
import { AccountController } from './account.controller';
import { Consent } from './consent.entity';
import { ConsentsPersonalData } from './consents.personal-data';
import { PersonalDataService } from './personal-data.service';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

/** The privacy agreement and consents; the member's export and erasure. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Consent]),
    DiscoveryModule,
    AuditModule,
    MembersModule,
    AuthModule,
  ],
  controllers: [PrivacyController, AccountController],
  providers: [PrivacyService, PersonalDataService, ConsentsPersonalData],
  exports: [PrivacyService, PersonalDataService],
})
export class PrivacyModule {}
