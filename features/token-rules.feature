@400 @token-rules
Feature: The token rules a service declares (400)
  The page makes customerProfileViewRequestToken a plain string. A service
  that refuses some tokens declares it in its fixtures (rules.token: maxBytes,
  characters), and these scenarios hold it to what it declares; they do not
  run for a service that declares nothing. The mock declares its own: at most
  512 bytes of printable ASCII without space (0x21-0x7E).

  Background:
    Given the fixture for status 200

  @token-length
  Scenario: A token longer than the declared limit
    Given the token is one byte longer than the declared limit
    When the client requests the customer profile
    Then the response status is 400
    And the Content-Type is JSON
    And the response body satisfies the contract for status 400
    And the response body holds at least one error

  @token-length
  Scenario: A token as long as the declared limit is accepted
    Given the token is as long as the declared limit
    When the client requests the customer profile
    Then the response status is 200

  @token-characters
  Scenario Outline: A token with a character the declared set leaves out: <what>
    Given the token is "<token>"
    When the client requests the customer profile
    Then the response status is 400
    And the Content-Type is JSON
    And the response body satisfies the contract for status 400
    And the response body holds at least one error

    Examples: outside visible ASCII and outside the unreserved set
      | token      | what                         |
      | ok 1       | a space                      |
      | ok\x091    | a tab                        |
      | ok\x01     | a control character (0x01)   |
      | ok\x1f     | a control character (0x1F)   |
      | ok\x7f     | DEL (0x7F)                   |
      | ok\xc3\xa9 | a non-ASCII character (é)    |

    @token-unreserved
    Examples: visible ASCII, outside the unreserved set
      | token  | what          |
      | ok;1   | a semicolon   |
      | ok!1   | an exclamation mark |
      | ok*1   | an asterisk   |
