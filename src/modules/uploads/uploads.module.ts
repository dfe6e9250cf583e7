import { resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { IN_MEMORY } from '../../database/embedded-database';
import { AuditModule } from '../audit/audit.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ExportArchiveController } from './export-archive.controller';
import { Upload, UploadGarbage } from './upload.entity';
import {
  CachingUploadStorage,
  LocalUploadStorage,
  S3UploadStorage,
  UPLOAD_STORAGE,
} from './upload-storage';
import { UploadsCleanupJob } from './uploads-cleanup.job';
import { UploadsController } from './uploads.controller';
import { UploadsPersonalData } from './uploads.personal-data';
import { UploadsService } from './uploads.service';

/**
 * Uploads: `POST/GET/DELETE /api/uploads`, the export archive, the clean-up job. Files are
 * stored in `DATA_DIR/uploads`, or in S3-compatible storage when `S3_BUCKET` is set; the
 * server serves them itself either way (the content security policy needs only 'self').
 */
@Module({
  imports: [TypeOrmModule.forFeature([Upload, UploadGarbage]), AuditModule, PrivacyModule],
  controllers: [UploadsController, ExportArchiveController],
  providers: [
    {
      provide: UPLOAD_STORAGE,
      inject: [AppConfigService],
      useFactory: async (config: AppConfigService) => {
        const bucket = config.get('S3_BUCKET');
        if (bucket) {
          // Small files read lately stay readable while the bucket is unreachable.
          const s3 = new S3UploadStorage({
            endpoint: config.get('S3_ENDPOINT'),
            bucket,
            accessKeyId: config.get('S3_ACCESS_KEY_ID'),
            secretAccessKey: config.get('S3_SECRET_ACCESS_KEY'),
            region: config.get('S3_REGION'),
            forcePathStyle: config.get('S3_FORCE_PATH_STYLE'),
          });
          return new CachingUploadStorage(s3);
        }
        const dataDir = config.get('DATA_DIR');
        return LocalUploadStorage.open(
          dataDir === IN_MEMORY ? undefined : resolve(dataDir, 'uploads'),
        );
      },
    },
    UploadsService,
    UploadsPersonalData,
    UploadsCleanupJob,
  ],
  exports: [UploadsService],
})
export class UploadsModule {}
