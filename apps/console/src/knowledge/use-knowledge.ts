import { useMemo } from 'react';
import { useApi } from '../app/session';
import { KnowledgeApi } from './knowledge-api';

export function useKnowledge(): KnowledgeApi {
  const api = useApi();
  return useMemo(() => new KnowledgeApi(api), [api]);
}
