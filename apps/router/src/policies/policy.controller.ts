import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { z } from 'zod';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { policyDocumentSchema, type PolicyDocument } from '../escalation/policy';
import { PolicyService, type PolicyVersionSummary, type PolicyVersionView } from './policy.service';

export const versionParamSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** A tenant's escalation policy: read by supervisors, written (as a new version) by admins. */
@Controller('v1/policies')
export class PolicyController {
  constructor(private readonly policies: PolicyService) {}

  /** The policy decisions apply now; the built-in default (version 1) until the tenant writes one. */
  @Get('current')
  @Roles('supervisor')
  current(@CurrentPrincipal() principal: Principal): Promise<PolicyVersionView> {
    return this.policies.currentVersion(principal.tenantId);
  }

  /** Validates and stores the policy as the next version; fields left out take their defaults. */
  @Put()
  @Roles('admin')
  publish(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(policyDocumentSchema, 'ROUTER.INVALID_POLICY')) body: PolicyDocument,
  ): Promise<PolicyVersionView> {
    return this.policies.publish(principal, body);
  }

  @Get('versions')
  @Roles('supervisor')
  async versions(
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ versions: PolicyVersionSummary[] }> {
    return { versions: await this.policies.versions(principal.tenantId) };
  }

  @Get('versions/:version')
  @Roles('supervisor')
  version(
    @CurrentPrincipal() principal: Principal,
    @Param('version', new ZodPipe(versionParamSchema, 'ROUTER.INVALID_VERSION')) version: number,
  ): Promise<PolicyVersionView> {
    return this.policies.version(principal.tenantId, version);
  }
}
