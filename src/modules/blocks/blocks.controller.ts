import { Controller, Delete, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthMember } from '../../common/auth/auth-member';
import { AllowWhileSuspended, CurrentMember } from '../../common/auth/decorators';
import { IdParam } from '../../common/validation/decorators';
import { BlocksService } from './blocks.service';
import { BlockListDto, BlockStateDto } from './dto/block.dto';

@ApiTags('members')
@ApiBearerAuth()
@Controller('members')
export class BlocksController {
  constructor(private readonly blocks: BlocksService) {}

  @Get('me/blocks')
  @ApiOkResponse({
    type: BlockListDto,
    description: 'The members the caller blocked, latest first',
  })
  async list(@CurrentMember() member: AuthMember): Promise<BlockListDto> {
    return { items: await this.blocks.list(member.id), nextCursor: null };
  }

  @AllowWhileSuspended()
  @Put(':id/block')
  @ApiOkResponse({ type: BlockStateDto, description: 'Idempotent; the blocked member is not told' })
  @ApiBadRequestResponse({ description: 'Blocking oneself' })
  @ApiNotFoundResponse()
  block(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<BlockStateDto> {
    return this.blocks.block(member, id);
  }

  @AllowWhileSuspended()
  @Delete(':id/block')
  @ApiOkResponse({ type: BlockStateDto, description: 'Idempotent' })
  @ApiBadRequestResponse({ description: 'Unblocking oneself' })
  unblock(@CurrentMember() member: AuthMember, @Param() { id }: IdParam): Promise<BlockStateDto> {
    return this.blocks.unblock(member, id);
  }
}
