import { Body, Controller, Get, Put } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { personaSchema, type Persona } from './persona';
import { PersonaService } from './persona.service';

/** The bot's brand voice per tenant: name, tone (per channel), greeting, sign-off, words never to say. */
@Controller('v1/persona')
export class PersonaController {
  constructor(private readonly personas: PersonaService) {}

  @Get()
  @Roles('agent')
  get(@CurrentPrincipal() principal: Principal): Promise<Persona> {
    return this.personas.of(principal.tenantId);
  }

  /** Replaces the persona; the next answer speaks with it. */
  @Put()
  @Roles('supervisor')
  replace(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(personaSchema)) body: Persona,
  ): Promise<Persona> {
    return this.personas.replace(principal, body);
  }
}
