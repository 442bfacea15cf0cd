import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { ProblemException } from '@tandem/platform';
import { WrapUpCode } from './wrap-up-code.entity';
import type { CreateWrapUpCodeBody, UpdateWrapUpCodeBody, WrapUpCodeView } from './wrap-up.schemas';

function toView(row: WrapUpCode): WrapUpCodeView {
  return {
    code: row.code,
    label: row.label,
    active: row.active,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A tenant's wrap-up codes (admins write them; resolving checks against them). */
@Injectable()
export class WrapUpService {
  constructor(private readonly dataSource: DataSource) {}

  async list(principal: Principal): Promise<WrapUpCodeView[]> {
    const rows = await this.dataSource
      .getRepository(WrapUpCode)
      .find({ where: { tenantId: principal.tenantId }, order: { code: 'ASC' } });
    return rows.map(toView);
  }

  async create(principal: Principal, body: CreateWrapUpCodeBody): Promise<WrapUpCodeView> {
    const inserted = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(WrapUpCode)
      .values({ tenantId: principal.tenantId, ...body, updatedAt: new Date() })
      .orIgnore()
      .returning('*')
      .execute();
    if (inserted.raw.length === 0) {
      throw new ProblemException(
        409,
        'DESK.WRAP_UP_CODE_EXISTS',
        `The wrap-up code ${body.code} already exists.`,
      );
    }
    return toView(await this.find(principal, body.code));
  }

  async update(
    principal: Principal,
    code: string,
    body: UpdateWrapUpCodeBody,
  ): Promise<WrapUpCodeView> {
    const row = await this.find(principal, code);
    Object.assign(row, body, { updatedAt: new Date() });
    await this.dataSource.getRepository(WrapUpCode).save(row);
    return toView(row);
  }

  async remove(principal: Principal, code: string): Promise<void> {
    await this.find(principal, code);
    await this.dataSource.getRepository(WrapUpCode).delete({ tenantId: principal.tenantId, code });
  }

  private async find(principal: Principal, code: string): Promise<WrapUpCode> {
    const row = await this.dataSource
      .getRepository(WrapUpCode)
      .findOneBy({ tenantId: principal.tenantId, code });
    if (!row)
      throw new ProblemException(404, 'DESK.WRAP_UP_CODE_NOT_FOUND', `No wrap-up code ${code}.`);
    return row;
  }
}
