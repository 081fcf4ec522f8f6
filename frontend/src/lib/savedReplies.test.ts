import { describe, expect, it } from 'vitest'
import { replyFormError, scopeLabel, unknownVariables } from './savedReplies'

describe('unknownVariables', () => {
  it.each([
    ['Hi {customer_name}, {agent} from {handle} here', []],
    ['Hi {name}!', ['{name}']],
    ['Hi {Customer_Name} and {name} and {name}', ['{Customer_Name}', '{name}']],
    ['Use {} or {customer name}', ['{}']],
    ['No braces at all', []],
  ])('%s', (body, want) => expect(unknownVariables(body)).toEqual(want))
})

describe('replyFormError', () => {
  const others = [
    { id: 1, title: 'Thanks' },
    { id: 2, title: 'Refund' },
  ]
  it.each([
    ['', 'text', 0, 'Give the saved reply a name.'],
    ['  ', 'text', 0, 'Give the saved reply a name.'],
    ['Name', ' \n', 0, 'Write the text of the saved reply.'],
    ['thanks ', 'text', 0, 'There is already a saved reply called “thanks”.'],
    ['Thanks', 'edited text', 1, null],
    ['Refund', 'text', 1, 'There is already a saved reply called “Refund”.'],
    ['Delay', 'Sorry for the wait, {customer_name}', 0, null],
  ])('%j / %j (id %d)', (title, body, id, want) => expect(replyFormError(title, body, others, id)).toBe(want))
})

it('scopeLabel', () => {
  expect(scopeLabel(0, 'Bakery')).toBe('All clients')
  expect(scopeLabel(3, 'Bakery')).toBe('Only Bakery')
})
