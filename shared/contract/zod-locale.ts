import { z } from 'zod';
import { vi } from 'zod/v4/locales';

// Validation messages reach officers, so they are Vietnamese by default.
z.config(vi());
