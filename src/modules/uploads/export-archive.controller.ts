import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { AuthMember } from '../../common/auth/auth-member';
import { AllowWhileSuspended, CurrentMember } from '../../common/auth/decorators';
import { PersonalDataService } from '../privacy/personal-data.service';
import { UploadsService } from './uploads.service';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('members/me/export')
export class ExportArchiveController {
  constructor(
    private readonly personalData: PersonalDataService,
    private readonly uploads: UploadsService,
  ) {}

  /**
   * The export as a zip, streamed: `export.json` (as `GET /api/members/me/export`) and each
   * file under `files/<id>.<ext>`, read from the store one at a time.
   */
  @AllowWhileSuspended()
  @Get('archive')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'A zip of export.json and files/<id>.<ext>' })
  async archive(@CurrentMember() member: AuthMember, @Res() res: Response): Promise<void> {
    const exported = await this.personalData.export(member);
    const files = await this.uploads.filesOf(member.id);
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from(JSON.stringify(exported, null, 2)), 'export.json');
    for (const file of files) {
      const extension = file.storageKey.slice(file.storageKey.lastIndexOf('.'));
      // Stored as they are: images and PDFs are compressed already.
      zip.addReadStreamLazy(`files/${file.id}${extension}`, { compress: false }, (done) => {
        this.uploads.open(file.storageKey).then(
          (object) => done(null, object?.body ?? Readable.from([])),
          (error: unknown) => done(error, Readable.from([])),
        );
      });
    }
    zip.end();
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', 'attachment; filename="laogao-circle-export.zip"');
    res.setHeader('Cache-Control', 'private, no-store');
    zip.outputStream.on('error', () => res.destroy());
    zip.outputStream.pipe(res);
  }
}
