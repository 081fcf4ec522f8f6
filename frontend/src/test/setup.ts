import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'

// findBy*/waitFor wait on a condition; on a loaded 2-core machine a render can
// take longer than the 1 s default, so the budget is wider (it only matters when a
// test is about to fail anyway).
configure({ asyncUtilTimeout: 5000 })

afterEach(() => {
  cleanup()
})
