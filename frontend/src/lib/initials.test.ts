import { describe, expect, it } from 'vitest'
import { initials } from './initials'

describe('initials', () => {
  it.each([
    ['two words', 'Zoë Martin', 'ZM'],
    ['three words: first and last', 'Anna Maria Schmidt', 'AS'],
    ['one word', 'bakery', 'B'],
    ['a username', '@alice.smith', 'AS'],
    ['an e-mail address', 'jo@example.com', 'J'],
    ['accented capital', 'émile zola', 'ÉZ'],
    ['decomposed accent stays whole', 'E\u0301mile Zola', 'E\u0301Z'],
    ['Chinese', '李小龍', '李'],
    ['Japanese', 'やまだ たろう', 'や'],
    ['Korean', '김민수', '김'],
    ['Arabic', 'سارة أحمد', 'سأ'],
    ['Greek', 'Γιώργος Παπαδόπουλος', 'ΓΠ'],
    ['Cyrillic', 'иван петров', 'ИП'],
    ['emoji first', '👩🏽‍💻 Ana', '👩🏽‍💻'],
    ['emoji last', 'Ana 🌸', 'A'],
    ['flag', '🇫🇷', '🇫🇷'],
    ['direction override is no initial', '\u202Eevil name', 'EN'],
    ['punctuation only', '...', '?'],
    ['empty', '', '?'],
  ])('%s', (_, name, want) => {
    expect(initials(name)).toBe(want)
  })
})
